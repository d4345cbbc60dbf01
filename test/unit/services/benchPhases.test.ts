// `npas bench --phases` (issue #11): a step's kernels land in the right phase, the phases never add
// up to more than the step, weight generation is timed alone, and tfjs is left as it was found.
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src-main/contract/config';
import { benchTraining } from '../../../src-main/services/bench';
import { tf } from '../../../src-main/engine/tf';
import { Sgd } from '../../../src-main/engine/train/optimizer';

const config = (backend: string, method: string, budget?: string) =>
  parseRunConfig({
    arch: 'cnn',
    method,
    ...(budget ? { budget } : {}),
    backend,
    input: '12x12x1',
    classes: 4,
    training: { batchSize: 8 },
  });

describe('bench phases', () => {
  it('puts convolutions, batch norm and the optimizer in their own phases on the onednn rung or wasm', async () => {
    const runKernel = tf.engine().runKernel;
    const step = Sgd.prototype.step;
    const report = await benchTraining(config('auto', 'ssn', '50%'), {
      warmupSteps: 1,
      runs: 1,
      stepsPerRun: 2,
      phases: true,
    });
    const p = report.profile!;
    expect(p.phases.convolutions).toBeGreaterThan(0);
    expect(p.phases.optimizer).toBeGreaterThan(0);
    expect(p.phases.elementwise).toBeGreaterThan(0);
    // Batch norm is its own kernels only on the onednn rung; composed ops elsewhere.
    if (report.backend === 'onednn') expect(p.phases.batchNorm).toBeGreaterThan(0);
    else expect(p.phases.batchNorm).toBe(0);
    const tracked =
      p.phases.convolutions + p.phases.batchNorm + p.phases.optimizer + p.phases.elementwise;
    expect(tracked + p.phases.untracked).toBeCloseTo(p.msPerStep, 3);
    expect(p.weightGeneration).toBeGreaterThan(0);
    expect(p.topKernels.map((k) => k.name)).toContain('Conv2D');
    expect(tf.engine().runKernel).toBe(runKernel);
    expect(Sgd.prototype.step).toBe(step);
    expect(report.threads).toBe(1); // vitest.config.ts sets NPAS_THREADS=1
  });

  it('leaves the profile out unless asked for', async () => {
    const report = await benchTraining(config('wasm', 'unshared'), {
      warmupSteps: 0,
      runs: 1,
      stepsPerRun: 1,
    });
    expect(report.profile).toBeUndefined();
  });
});
