// Where a trained network comes from: a recorded run (its stored config, checkpoint and search
// results under the data folder) or a compact NPAS file. Either way the result is a plan and
// the network's tensors (engine/export/trainedModel.ts), checked with typed errors that name the
// run or file: no checkpoint, a failed run, a file that is not a compact model.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunConfig, type RunConfig } from '../../contract/config';
import { CheckpointError, ConfigError } from '../../contract/errors';
import { readCheckpoint, type TensorEntry } from '../../engine/train/checkpoint';
import {
  BEST_CHECKPOINT,
  LAST_CHECKPOINT,
  SHARING_FILE,
  SSN_GROUPS_FILE,
} from '../../engine/train/runFiles';
import { prepareRun, type PreparedRun } from '../../engine/train/setup';
import {
  checkPlan,
  classNamesFor,
  networkTensors,
  PLAN_FORMAT,
  PLAN_VERSION,
  type TrainedModelPlan,
} from '../../engine/export/trainedModel';
import { asRunId, getRun } from '../../store';
import type { DataDir } from '../dataDir';

/** A plan and its numbers, plus the prepared data when it came from a run. */
export interface TrainedSource {
  plan: TrainedModelPlan;
  tensors: TensorEntry[];
  /** What the source is, for messages: `run 01J…` or a file path. */
  label: string;
  /** The run's prepared data (test split, normalisation); null for a compact file. */
  prepared: PreparedRun | null;
}

/** A compact NPAS model file: the suffix the exporter writes and `eval`/`predict` recognise. */
export const COMPACT_SUFFIX = '.npas';

/** The checkpoint a run's export uses: the best epoch's when kept, else the last. */
export function runCheckpoint(runDir: string, label: string): string {
  for (const name of [BEST_CHECKPOINT, LAST_CHECKPOINT]) {
    const file = join(runDir, name);
    if (existsSync(file)) return file;
  }
  throw new CheckpointError(
    `${label} has no checkpoint (no ${BEST_CHECKPOINT} or ${LAST_CHECKPOINT} in ${runDir}); train or resume it first`,
  );
}

/** The plan and tensors of a run trained with `config` whose files are in `runDir`. */
export async function sourceFromRunFiles(
  config: RunConfig,
  runDir: string,
  runId: string | null,
): Promise<TrainedSource> {
  const label = runId ? `run ${runId}` : runDir;
  const checkpoint = readCheckpoint(runCheckpoint(runDir, label));
  const prepared = await prepareRun(config);
  const groupsFile = join(runDir, SSN_GROUPS_FILE);
  const sharingFile = join(runDir, SHARING_FILE);
  const plan: TrainedModelPlan = {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    runId,
    config,
    input: prepared.arch.input,
    classes: prepared.arch.classes,
    classNames: classNamesFor(prepared.data.train, prepared.arch.classes),
    normalisation: prepared.data.norm,
    groups: existsSync(groupsFile) ? readJson<{ groups: number[] }>(groupsFile).groups : null,
    sharing: existsSync(sharingFile)
      ? readJson<{ sharing: TrainedModelPlan['sharing'] }>(sharingFile).sharing
      : null,
    unsharing: (checkpoint.state.model as unknown) ?? null,
  };
  return { plan, tensors: networkTensors(checkpoint.tensors), label, prepared };
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new CheckpointError(`${file}: cannot read it: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** A recorded run's source; refuses failed runs and runs without a checkpoint. */
export async function sourceFromRun(dataDir: DataDir, runId: string): Promise<TrainedSource> {
  const row = getRun(dataDir.db, asRunId(runId));
  if (!row) throw new ConfigError(`run ${runId} does not exist in ${dataDir.path}`);
  if (row.status === 'failed') {
    throw new CheckpointError(
      `run ${runId} failed${row.error ? ` (${row.error})` : ''}; a failed run's weights are not exported or evaluated`,
    );
  }
  const config = parseRunConfig(JSON.parse(row.config), `run ${runId} config`);
  return sourceFromRunFiles(config, dataDir.runDir(asRunId(runId)), runId);
}

/** A compact NPAS file's source. */
export function sourceFromCompactFile(file: string): TrainedSource {
  const data = readCheckpoint(file);
  const plan = checkPlan(data.state.plan, file);
  return {
    plan: { ...plan, config: parseRunConfig(plan.config, `${file} config`) },
    tensors: data.tensors,
    label: file,
    prepared: null,
  };
}

/** RUN as `npas export|eval|predict` take it: a compact file path or a run id. */
export async function openSource(run: string, dataDir: () => DataDir): Promise<TrainedSource> {
  if (run.endsWith(COMPACT_SUFFIX) || (existsSync(run) && !/^[0-9A-Z]{26}$/.test(run))) {
    if (!existsSync(run)) throw new ConfigError(`${run}: no such compact model file`);
    return sourceFromCompactFile(run);
  }
  return sourceFromRun(dataDir(), run);
}
