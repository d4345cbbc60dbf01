// The store row a validated run config starts as, for runs the job queue records and runs
// imported from bundles alike: the one place that names a run (the name given, else the
// config's, else "<arch> <method>") and copies the config's columns.
import { CONFIG_SCHEMA_VERSION, type RunConfig } from '../../contract/config';
import type { NewRun } from '../../store';

/** The new run for `config`, named `name` when one is given and not blank. */
export function newRunOf(config: RunConfig, name?: string | null): NewRun {
  return {
    name: name?.trim() || config.name?.trim() || `${config.arch} ${config.method}`,
    method: config.method,
    arch: config.arch,
    dataset: config.dataset.path,
    budgetRequested: config.budget ?? null,
    config,
    configSchemaVersion: CONFIG_SCHEMA_VERSION,
    seed: config.seed,
  };
}
