// Stop-and-resume gives the same numbers as an uninterrupted run with the same seed on the same
// backend: shuffles and augmentation are keyed by (seed, epoch, step), and checkpoints carry
// parameters, batch-norm buffers, momentum and the interrupted epoch's running sums. Every epoch
// record and every step is compared, not only the final evaluation (issue #9, item 6).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../src-main/contract/config';
import { readCheckpoint, writeCheckpoint } from '../../src-main/engine/train/checkpoint';
import type { EpochRecord, StepEvent, TrainEvent } from '../../src-main/engine/train/events';
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

/** An epoch record without its timings (wall-clock figures differ between any two runs). */
function measured({ seconds: _s, imagesPerSecond: _i, ...rest }: EpochRecord) {
  return rest;
}

/** A step without its timings. */
function stepNumbers({ imagesPerSecond: _i, etaSeconds: _e, ...rest }: StepEvent) {
  return rest;
}

function collectSteps(into: StepEvent[]) {
  return (event: TrainEvent) => {
    if (event.type === 'step') into.push(event);
  };
}

describe('stop and resume', () => {
  it('records every epoch and step exactly as an uninterrupted run, stopped mid-epoch', async () => {
    const straightSteps: StepEvent[] = [];
    const straight = await runTraining(config, { onEvent: collectSteps(straightSteps) });

    const dir = mkdtempSync(join(tmpdir(), 'npas-resume-'));
    const resumedSteps: StepEvent[] = [];
    let steps = 0;
    const stopped = await runTraining(config, {
      checkpointDir: dir,
      onEvent: collectSteps(resumedSteps),
      // Stop before the 4th step of the second epoch: the checkpoint lands mid-epoch.
      shouldStop: () => steps++ === 9,
    });
    expect(stopped.result.status).toBe('stopped');
    expect(stopped.result.history).toHaveLength(1);

    const resumed = await runTraining(config, {
      checkpointDir: dir,
      resume: true,
      onEvent: collectSteps(resumedSteps),
    });
    expect(resumed.result.status).toBe('completed');
    // The stopped epoch's training loss and accuracy average all its steps, before and after.
    expect(resumed.result.history.map(measured)).toEqual(straight.result.history.map(measured));
    expect(resumedSteps.map(stepNumbers)).toEqual(straightSteps.map(stepNumbers));
    expect(resumed.result.best).toEqual(straight.result.best);
  });

  it('resumes from a checkpoint written before epoch sums were kept', async () => {
    const straight = await runTraining(config);
    const dir = mkdtempSync(join(tmpdir(), 'npas-resume-old-'));
    let steps = 0;
    await runTraining(config, { checkpointDir: dir, shouldStop: () => steps++ === 9 });
    // An older checkpoint: the same file without the interrupted epoch's running sums.
    const file = join(dir, 'last.ckpt');
    const { tensors, state } = readCheckpoint(file);
    expect(state.epochSums).toMatchObject({ seen: 3 * 32 });
    const { epochSums: _dropped, ...older } = state;
    writeCheckpoint(file, { tensors, state: older });

    const resumed = await runTraining(config, { checkpointDir: dir, resume: true });
    expect(resumed.result.status).toBe('completed');
    // Weights and evaluation stay exact; only the stopped epoch's training average is partial.
    expect(resumed.result.history.map((r) => r.test)).toEqual(
      straight.result.history.map((r) => r.test),
    );
  });
});
