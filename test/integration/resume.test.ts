// Stop-and-resume gives the same numbers as an uninterrupted run with the same seed on the same
// backend: shuffles and augmentation are keyed by (seed, epoch, step), and checkpoints carry
// parameters, batch-norm buffers and momentum.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../src-main/contract/config';
import { runTraining } from '../../src-main/services/training';

const config = parseRunConfig({
  arch: 'cnn',
  backend: 'wasm',
  training: {
    epochs: 2,
    batchSize: 32,
    lr: 0.05,
    maxStepsPerEpoch: 6,
    validationFraction: 0.05,
    augment: { crop: 2, flip: true, cutout: 4 },
  },
  seed: 3,
});

describe('stop and resume', () => {
  it('ends with the same metrics as an uninterrupted run, stopped mid-epoch', async () => {
    const straight = await runTraining(config);

    const dir = mkdtempSync(join(tmpdir(), 'npas-resume-'));
    let steps = 0;
    const stopped = await runTraining(config, {
      checkpointDir: dir,
      // Stop before the 4th step of the second epoch: the checkpoint lands mid-epoch.
      shouldStop: () => steps++ === 9,
    });
    expect(stopped.result.status).toBe('stopped');
    expect(stopped.result.history).toHaveLength(1);

    const resumed = await runTraining(config, { checkpointDir: dir, resume: true });
    expect(resumed.result.status).toBe('completed');
    expect(resumed.result.history).toHaveLength(2);
    const a = straight.result.history[1];
    const b = resumed.result.history[1];
    expect(b.validation!.loss).toBeCloseTo(a.validation!.loss, 5);
    expect(b.test!.top1).toBe(a.test!.top1);
    expect(b.test!.loss).toBeCloseTo(a.test!.loss, 5);
  });
});
