// End-to-end training on the bundled Fashion-MNIST sample with the real data pipeline, model,
// trainer and the wasm backend with NPAS Studio's gradient kernels. Kept to a few epochs so the
// suite fits CI on two cores; the accuracy floors are the foundation issue's acceptance bar.
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../src-main/contract/config';
import { runTraining } from '../../src-main/services/training';
import { TrainingError } from '../../src-main/contract/errors';

describe('training on the bundled sample', () => {
  it('trains the MLP to at least 75% test accuracy', async () => {
    const config = parseRunConfig({
      arch: 'mlp',
      backend: 'wasm',
      training: { epochs: 3, batchSize: 64, lr: 0.05, schedule: { type: 'cosine' } },
      seed: 1,
    });
    const { result, environment } = await runTraining(config);
    expect(environment.backend).toBe('wasm');
    expect(result.status).toBe('completed');
    expect(result.history).toHaveLength(3);
    expect(result.last.test!.count).toBe(1000);
    expect(result.last.test!.top1).toBeGreaterThanOrEqual(0.75);
    expect(result.history[2].train.loss).toBeLessThan(result.history[0].train.loss);
  });

  it('trains the small CNN on the wasm backend to at least 70% test accuracy', async () => {
    const config = parseRunConfig({
      arch: 'cnn',
      backend: 'wasm',
      training: { epochs: 2, batchSize: 64, lr: 0.05, schedule: { type: 'cosine' } },
      seed: 2,
    });
    const { result } = await runTraining(config);
    expect(result.status).toBe('completed');
    expect(result.last.test!.top1).toBeGreaterThanOrEqual(0.7);
    expect(result.last.test!.top5).toBeGreaterThan(result.last.test!.top1);
  });
});

describe('a diverging run', () => {
  it('stops at the first non-finite loss with a TrainingError that names the step and the rate', async () => {
    const config = parseRunConfig({
      arch: 'mlp',
      backend: 'wasm',
      training: {
        epochs: 1,
        batchSize: 64,
        lr: 1e6,
        maxStepsPerEpoch: 30,
        schedule: { type: 'constant' },
      },
      seed: 1,
    });
    await expect(runTraining(config)).rejects.toThrow(TrainingError);
    await expect(runTraining(config)).rejects.toThrow(
      /training diverged: the loss is (NaN|Infinity) at main epoch 1, step \d+ \(learning rate 1\.00e\+6\)/,
    );
  });
});
