// A tiny trained run for the export tests: a WRN-10-1 (or a 2-member SuperWeights ensemble) on
// the bundled sample for two steps, with its checkpoint folder, and its export source.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunConfig, type RunConfigInput } from '../../../src-main/contract/config';
import { executeRun } from '../../../src-main/engine/train/executeRun';
import { sourceFromRunFiles, type TrainedSource } from '../../../src-main/services/exports/trainedSource';

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
export async function trainTiny(input: RunConfigInput = SSN_RUN): Promise<{ dir: string; source: TrainedSource }> {
  const config = parseRunConfig(input);
  const dir = mkdtempSync(join(tmpdir(), 'npas-export-'));
  await executeRun(config, { backend: 'wasm', checkpointDir: dir });
  return { dir, source: await sourceFromRunFiles(config, dir, null) };
}
