// Runs one training job in this process: picks the backend, prepares data and model from the
// config, trains, and summarises the result. The CLI calls it directly; the jobs host runs the
// same engine calls inside the trainer worker thread.
import type { RunConfig } from '../contract/config';
import { initBackend, type BackendReport } from '../engine/backend/ladder';
import type { Accounting } from '../engine/npas/provider';
import type { TrainEventSink } from '../engine/train/events';
import { createModel, prepareRun } from '../engine/train/setup';
import { train, type TrainResult } from '../engine/train/trainer';

export interface TrainingOutcome {
  backend: Pick<BackendReport, 'name' | 'device' | 'why'>;
  arch: string;
  accounting: Accounting;
  notes: string[];
  result: TrainResult;
}

export interface TrainingOptions {
  onEvent?: TrainEventSink;
  shouldStop?: () => boolean;
  checkpointDir?: string;
  resume?: boolean;
}

/** Trains `config` to completion (or until stopped) and returns its outcome. */
export async function runTraining(config: RunConfig, options: TrainingOptions = {}): Promise<TrainingOutcome> {
  const backend = await initBackend(backendChoice(config));
  const emit = options.onEvent ?? (() => {});
  emit({ type: 'log', level: 'info', message: `backend: ${backend.name} (${backend.why})` });
  const prepared = await prepareRun(config);
  for (const note of prepared.notes) emit({ type: 'log', level: 'info', message: note });
  const model = createModel(config, prepared.arch);
  try {
    const accounting = model.provider.accounting();
    emit({ type: 'phase', phase: 'main', message: `training ${prepared.arch.name} (${config.method}), ${accounting.trainableParams.toLocaleString('en-US')} trainable parameters` });
    const result = await train({
      model,
      data: prepared.data,
      training: config.training,
      seed: config.seed,
      onEvent: emit,
      shouldStop: options.shouldStop,
      checkpointDir: options.checkpointDir,
      resume: options.resume,
    });
    return {
      backend: { name: backend.name, device: backend.device, why: backend.why },
      arch: prepared.arch.name,
      accounting,
      notes: prepared.notes,
      result,
    };
  } finally {
    model.dispose();
  }
}

/** The backend a config asks for; NPAS_BACKEND overrides 'auto'. */
export function backendChoice(config: Pick<RunConfig, 'backend'>) {
  const fromEnv = process.env.NPAS_BACKEND;
  if (config.backend === 'auto' && fromEnv) return fromEnv as Parameters<typeof initBackend>[0];
  return config.backend;
}
