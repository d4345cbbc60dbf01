// Which compute backend a run asks for, apart from training.ts so that the job queue (and with it
// the app and server processes) can decide it without loading the engine and TensorFlow.js.
import type { RunConfig } from '../contract/config';
import type { BackendName } from '../engine/backend/ladder';

/** The backend a config asks for; NPAS_BACKEND overrides 'auto'. */
export function backendChoice(config: Pick<RunConfig, 'backend'>): BackendName | 'auto' {
  const fromEnv = process.env.NPAS_BACKEND;
  if (config.backend === 'auto' && fromEnv) return fromEnv as BackendName;
  return config.backend;
}
