// A tiny trained run for the export tests: a WRN-10-1 (or a 2-member SuperWeights ensemble) on
// the bundled sample for two steps, with its checkpoint folder, and its export source; and the
// same run recorded as a completed run of a data folder (the app and CLI export tests).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONFIG_SCHEMA_VERSION,
  parseRunConfig,
  type RunConfigInput,
} from '../../../src-main/contract/config';
import { executeRun } from '../../../src-main/engine/train/executeRun';
import type { TensorEntry } from '../../../src-main/engine/train/checkpoint';
import { createModel, prepareRun } from '../../../src-main/engine/train/setup';
import { createRng } from '../../../src-main/engine/random';
import {
  classNamesFor,
  PLAN_FORMAT,
  PLAN_VERSION,
} from '../../../src-main/engine/export/trainedModel';
import {
  sourceFromRunFiles,
  type TrainedSource,
} from '../../../src-main/services/exports/trainedSource';
import { openDataDir } from '../../../src-main/services/dataDir';
import { insertRun, updateRunStatus } from '../../../src-main/store';

export const SSN_RUN: RunConfigInput = {
  arch: 'wrn-10-1',
  input: '28x28x1',
  method: 'ssn',
  budget: '10%',
  backend: 'wasm',
  training: { epochs: 1, batchSize: 16, lr: 0.05, maxStepsPerEpoch: 2, validationFraction: 0.05 },
  seed: 3,
};

/** Trains `input` for a couple of steps into a fresh folder and returns its export source. */
export async function trainTiny(
  input: RunConfigInput = SSN_RUN,
): Promise<{ dir: string; source: TrainedSource }> {
  const config = parseRunConfig(input);
  const dir = mkdtempSync(join(tmpdir(), 'npas-export-'));
  await executeRun(config, { backend: 'wasm', checkpointDir: dir });
  return { dir, source: await sourceFromRunFiles(config, dir, null) };
}

/**
 * Records `input`, trained into `checkpointDir` (trainTiny), as a completed run named "tiny" of
 * the data folder at `dataPath`, its checkpoints copied into the run's folder; returns its id.
 */
export function recordTrainedRun(
  dataPath: string,
  checkpointDir: string,
  input: RunConfigInput = SSN_RUN,
): string {
  const dataDir = openDataDir(dataPath);
  try {
    const config = parseRunConfig(input);
    const row = insertRun(dataDir.db, {
      name: 'tiny',
      method: config.method,
      arch: config.arch,
      dataset: 'sample',
      config,
      configSchemaVersion: CONFIG_SCHEMA_VERSION,
      seed: config.seed,
    });
    updateRunStatus(dataDir.db, row.id, 'running');
    updateRunStatus(dataDir.db, row.id, 'completed');
    mkdirSync(dataDir.runDir(row.id), { recursive: true });
    for (const file of readdirSync(checkpointDir).filter((f) => f.endsWith('.ckpt')))
      copyFileSync(join(checkpointDir, file), join(dataDir.runDir(row.id), file));
    return row.id;
  } finally {
    dataDir.close();
  }
}

/**
 * An export source without training (for networks too slow to train in a unit test): the
 * method's initial parameters, batch-norm running statistics drawn at random so they matter.
 */
export async function initialSource(input: RunConfigInput): Promise<TrainedSource> {
  const config = parseRunConfig(input);
  const prepared = await prepareRun(config);
  const model = createModel(config, prepared.arch);
  const rng = createRng(config.seed);
  const tensors: TensorEntry[] = [];
  for (const p of model.parameters())
    tensors.push({
      name: `param:${p.name}`,
      shape: p.variable.shape,
      values: p.variable.dataSync().slice() as Float32Array,
    });
  for (const b of model.buffers()) {
    const values = Float32Array.from({ length: b.variable.size }, () =>
      b.name.endsWith('Variance') ? 0.5 + rng.next() : rng.next() - 0.5,
    );
    tensors.push({ name: `buffer:${b.name}`, shape: b.variable.shape, values });
  }
  model.dispose();
  return {
    plan: {
      format: PLAN_FORMAT,
      version: PLAN_VERSION,
      runId: null,
      config,
      input: prepared.arch.input,
      classes: prepared.arch.classes,
      classNames: classNamesFor(prepared.data.train, prepared.arch.classes),
      normalisation: prepared.data.norm,
      groups: null,
      sharing: null,
      unsharing: null,
    },
    tensors,
    label: 'initial',
    prepared,
  };
}
