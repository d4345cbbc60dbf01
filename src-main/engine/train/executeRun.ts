// One training run from config to result, the body both the engine worker (jobs) and the
// in-process CLI execute: pick the backend, prepare data and model, train, dispose.
import type { RunConfig } from '../../contract/config';
import { initBackend, type BackendName } from '../backend/ladder';
import type { RunEnvironment } from '../protocol';
import type { Accounting } from '../npas/provider';
import type { TrainEventSink } from './events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { accountingFor, createModel, needsSsnSearch, prepareRun } from './setup';
import { ssnSearchPhase } from './ssnSearchPhase';
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
  /** SSN learned groups found by the search phase (null when the run had none). */
  groups: number[] | null;
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
  let groups: number[] | undefined;
  if (needsSsnSearch(config, prepared.arch)) {
    const search = await ssnSearchPhase(config, prepared.arch, prepared.data, {
      onEvent: emit,
      shouldStop: options.shouldStop,
      checkpointDir: options.checkpointDir,
      resume: options.resume,
    });
    if ('stopped' in search) {
      const accounting = accountingFor(config).accounting;
      return { environment, arch: prepared.arch.name, accounting, notes: prepared.notes, result: search.stopped, groups: null };
    }
    groups = search.groups;
  }
  const model = createModel(config, prepared.arch, groups);
  try {
    const accounting = { ...model.accounting(), requestedBudget: prepared.budget };
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
      // A stop during the search leaves no main checkpoint yet: the main run then starts fresh.
      resume: Boolean(
        options.resume &&
          (groups === undefined || (options.checkpointDir && existsSync(join(options.checkpointDir, 'last.ckpt')))),
      ),
    });
    return { environment, arch: prepared.arch.name, accounting, notes: prepared.notes, result, groups: groups ?? null };
  } finally {
    model.dispose();
  }
}
