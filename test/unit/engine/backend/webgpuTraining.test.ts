// Training on the webgpu rung (issue 10), on whatever adapter is here (lavapipe in CI, ≈1.6
// GFLOP/s: every network is tiny). Small SSN and SuperWeights nets learn a fixed batch with no
// growth of tf.memory(); stop-and-resume matches the uninterrupted run; a device lost mid-run
// fails that run with a typed error and leaves a checkpoint that resumes.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfig } from '../../../../src-main/contract/config';
import { initBackend } from '../../../../src-main/engine/backend/ladder';
import { WebGpuDeviceLostError } from '../../../../src-main/engine/backend/webgpuErrors';
import { destroyWebGpuDevice } from '../../../../src-main/engine/backend/webgpuSetup';
import { tf } from '../../../../src-main/engine/tf';
import { Sgd } from '../../../../src-main/engine/train/optimizer';
import {
  architectureFor,
  createModel,
  shapeWithoutData,
} from '../../../../src-main/engine/train/setup';
import {
  createStepFunction,
  train,
  type TrainerArgs,
  type TrainerData,
  type TrainResult,
} from '../../../../src-main/engine/train/trainer';
import type { Dataset } from '../../../../src-main/engine/data/dataset';
import { runTraining } from '../../../../src-main/services/training';
import { skipWebGpu } from './webgpuHere';

/** Steps on one fixed batch: the loss must fall, and tf.memory() must not grow. */
async function overfitOneBatch(extra: Partial<Record<string, unknown>>, steps: number) {
  const config = parseRunConfig({
    arch: 'wrn-10-1',
    input: '8x8x3',
    classes: 4,
    backend: 'webgpu',
    training: { batchSize: 8, lr: 0.05, weightDecay: 0 },
    ...extra,
  });
  const { input, classes } = shapeWithoutData(config);
  const model = createModel(config, architectureFor(config, input, classes));
  const optimizer = new Sgd(model.parameters(), config.training);
  const step = createStepFunction(model, optimizer, 0);
  let seed = 12345;
  const x = Float32Array.from({ length: 8 * 8 * 8 * 3 }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  });
  const batch = { x, y: Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3]), shape: [8, 8, 8, 3] as const };
  const losses: number[] = [];
  const memory: { tensors: number; bytes: number; gpu: number; pool: number }[] = [];
  for (let i = 0; i < steps; i++) {
    losses.push(
      (await step({ ...batch, shape: [...batch.shape] as [number, number, number, number] }, 0.05))
        .loss,
    );
    // The webgpu backend adds its buffer manager's figures: bytes in use and bytes allocated.
    const m = tf.memory() as tf.MemoryInfo & {
      numBytesInGPU: number;
      numBytesAllocatedInGPU: number;
    };
    memory.push({
      tensors: m.numTensors,
      bytes: m.numBytes,
      gpu: m.numBytesInGPU,
      pool: m.numBytesAllocatedInGPU,
    });
  }
  optimizer.dispose();
  model.dispose();
  return { losses, memory };
}

/** Random 8×8×3 images in 4 classes: 48 to train on, 16 to validate on. */
function tinyData(): TrainerData {
  let seed = 99;
  const split = (count: number): Dataset => ({
    name: 'random',
    images: Uint8Array.from({ length: count * 192 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % 256;
    }),
    count,
    height: 8,
    width: 8,
    channels: 3,
    labels: Int32Array.from({ length: count }, (_, i) => i % 4),
    classes: 4,
    classNames: ['a', 'b', 'c', 'd'],
    source: 'memory',
  });
  return {
    train: split(48),
    validation: split(16),
    test: null,
    norm: { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
  };
}

/** Two epochs of three steps of a small SSN on tinyData, through the trainer. */
async function trainTiny(options: Partial<TrainerArgs>): Promise<TrainResult> {
  const config = parseRunConfig({
    arch: 'wrn-10-1',
    method: 'ssn',
    budget: '10%',
    input: '8x8x3',
    classes: 4,
    training: { epochs: 2, batchSize: 8, lr: 0.05, maxStepsPerEpoch: 3, evalBatchSize: 16 },
    seed: 5,
  });
  const model = createModel(
    config,
    architectureFor(config, { height: 8, width: 8, channels: 3 }, 4),
  );
  try {
    return await train({ model, data: tinyData(), training: config.training, seed: 5, ...options });
  } finally {
    model.dispose();
  }
}

function sampleConfig(overrides: Partial<RunConfig['training']> = {}): RunConfig {
  return parseRunConfig({
    arch: 'wrn-10-1',
    method: 'ssn',
    budget: '10%',
    input: '8x8x1',
    backend: 'webgpu',
    training: {
      epochs: 2,
      batchSize: 8,
      lr: 0.05,
      maxStepsPerEpoch: 3,
      validationFraction: 0.02,
      evalBatchSize: 256,
      ...overrides,
    },
    seed: 5,
  });
}

describe.skipIf(skipWebGpu)('training on webgpu', () => {
  for (const [name, extra] of [
    ['SSN (WAvg, Inter)', { method: 'ssn', budget: '10%' }],
    [
      'SuperWeights (2-member ensemble)',
      { method: 'superweights', superweights: { members: 'wrn-10-2,wrn-10-1' } },
    ],
  ] as const) {
    it(`trains a small ${name} network with falling loss and constant tf.memory()`, async () => {
      await initBackend('webgpu');
      const { losses, memory } = await overfitOneBatch(extra, 12);
      console.log(
        `${name} on webgpu: loss ${losses.map((l) => l.toFixed(3)).join(' ')}\n` +
          `tf.memory() per step (tensors/bytes/GPU bytes in use/GPU bytes allocated): ` +
          memory.map((m) => `${m.tensors}/${m.bytes}/${m.gpu}/${m.pool}`).join(', '),
      );
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.9);
      // From the second step on (momentum buffers exist by then) nothing may accumulate.
      expect(new Set(memory.slice(1).map((m) => m.tensors)).size).toBe(1);
      expect(new Set(memory.slice(1).map((m) => m.bytes)).size).toBe(1);
      // GPU buffers are pooled and reused: after the first steps the pool stops growing.
      expect(memory.at(-1)!.pool).toBeLessThanOrEqual(memory[2].pool);
      expect(memory.at(-1)!.gpu).toBeLessThanOrEqual(memory[2].gpu);
    });
  }

  it('resumes a stopped run to the metrics of the uninterrupted run within 1e-4', async () => {
    await initBackend('webgpu');
    const straight = await trainTiny({});
    const dir = mkdtempSync(join(tmpdir(), 'npas-webgpu-resume-'));
    let steps = 0;
    const stopped = await trainTiny({ checkpointDir: dir, shouldStop: () => steps++ === 4 });
    expect(stopped.status).toBe('stopped');
    const resumed = await trainTiny({ checkpointDir: dir, resume: true });
    expect(resumed.status).toBe('completed');
    const [a, b] = [straight.history[1], resumed.history[1]];
    console.log(
      `stop/resume on webgpu: validation loss ${a.validation!.loss} (uninterrupted) vs ` +
        `${b.validation!.loss} (resumed)`,
    );
    // The epoch's train loss averages only the steps a run made itself, so the evaluation of
    // the final weights is what must match.
    expect(Math.abs(b.validation!.loss - a.validation!.loss)).toBeLessThan(1e-4);
    expect(b.validation!.top1).toBe(a.validation!.top1);
  });

  it('fails only the run whose device is lost, with a typed error and a checkpoint that resumes', async () => {
    const config = sampleConfig();
    const dir = mkdtempSync(join(tmpdir(), 'npas-webgpu-lost-'));
    const failure = await runTraining(config, {
      checkpointDir: dir,
      onEvent: (event) => {
        // The first step of the second epoch: last.ckpt of epoch 1 exists by then.
        if (event.type === 'step' && event.epoch === 1 && event.step === 0) destroyWebGpuDevice();
      },
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WebGpuDeviceLostError);
    expect((failure as WebGpuDeviceLostError).reason).toBe('device-lost');
    expect((failure as Error).message).toMatch(/WebGPU device was lost .*destroyed/);
    expect(existsSync(join(dir, 'last.ckpt'))).toBe(true);
    // The process goes on: the next run gets a fresh device and resumes from the checkpoint.
    const resumed = await runTraining(config, { checkpointDir: dir, resume: true });
    expect(resumed.result.status).toBe('completed');
    expect(resumed.result.history).toHaveLength(2);
    expect(Number.isFinite(resumed.result.history[1].train.loss)).toBe(true);
  });
});
