// Runs one training job in this process (the CLI's `npas train` without a data folder): the same
// engine call the trainer worker makes for queued jobs.
import type { RunConfig } from '../contract/config';
import { executeRun, type ExecuteOptions, type ExecuteOutcome } from '../engine/train/executeRun';
import { backendChoice } from './backendChoice';

export { backendChoice };

export type TrainingOptions = Omit<ExecuteOptions, 'backend'>;
export type TrainingOutcome = ExecuteOutcome;

/** Trains `config` to completion (or until stopped) and returns its outcome. */
export function runTraining(
  config: RunConfig,
  options: TrainingOptions = {},
): Promise<TrainingOutcome> {
  return executeRun(config, { ...options, backend: backendChoice(config) });
}
