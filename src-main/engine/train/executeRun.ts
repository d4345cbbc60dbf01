// One training run from config to result, the body both the engine worker (jobs) and the
// in-process CLI execute: pick the backend, prepare data and model, train, dispose.
import type { RunConfig } from '../../contract/config';
import { initBackend, type BackendName } from '../backend/ladder';
import type { RunEnvironment } from '../protocol';
import type { Accounting } from '../npas/provider';
import type { TrainEventSink } from './events';
import { createModel, prepareRun } from './setup';
import { train, type TrainResult } from './trainer';

export interface ExecuteOptions {
  backend: BackendName | 'auto';
  onEvent?: TrainEventSink;
  /** Called once the model exists, before the first step. */
  onStarted?: (info: { environment: RunEnvironment; accounting: Accounting; notes: string[]; arch: string }) => void;
  shouldStop?: () => boolean;
  checkpointDir?: string;
  resume?: boolean;
}

export interface ExecuteOutcome {
  environment: RunEnvironment;
  arch: string;
  accounting: Accounting;
  notes: string[];
  result: TrainResult;
}

/** Trains `config` to completion (or until stopped). */
export async function executeRun(config: RunConfig, options: ExecuteOptions): Promise<ExecuteOutcome> {
  const backend = await initBackend(options.backend);
  const emit = options.onEvent ?? (() => {});
  const environment: RunEnvironment = {
    backend: backend.name,
    device: backend.device,
    backendWhy: backend.why,
    versions: backend.versions,
  };
  emit({ type: 'log', level: 'info', message: `backend: ${backend.name} (${backend.why})` });
  const prepared = await prepareRun(config);
  for (const note of prepared.notes) emit({ type: 'log', level: 'info', message: note });
  const model = createModel(config, prepared.arch);
  try {
    const accounting = { ...model.provider.accounting(), requestedBudget: prepared.budget };
    options.onStarted?.({ environment, accounting, notes: prepared.notes, arch: prepared.arch.name });
    emit({
      type: 'phase',
      phase: 'main',
      message: `training ${prepared.arch.name} (${config.method}), ${accounting.trainableParams.toLocaleString('en-US')} trainable parameters`,
    });
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
    return { environment, arch: prepared.arch.name, accounting, notes: prepared.notes, result };
  } finally {
    model.dispose();
  }
}
