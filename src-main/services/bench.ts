// Training throughput benchmark: images/s of full optimisation steps (weight generation, forward,
// backward, SGD) for a model, batch size and input size on the current backend, on synthetic
// data so disk and augmentation do not count. Warm-up steps are excluded; the reported figure is
// the median over several timed runs.
import type { RunConfig } from '../contract/config';
import { initBackend } from '../engine/backend/ladder';
import { onednnThreads } from '../engine/backend/onednnAddon';
import { createRng } from '../engine/random';
import { architectureFor, createModel, shapeWithoutData } from '../engine/train/setup';
import { Sgd } from '../engine/train/optimizer';
import { createStepFunction, type Batch } from '../engine/train/trainer';
import { profileSteps, type PhaseProfile } from './benchPhases';
import { backendChoice } from './training';

export interface BenchOptions {
  warmupSteps: number;
  runs: number;
  stepsPerRun: number;
  /** Also profile where a step's time goes (benchPhases.ts). */
  phases?: boolean;
}

export interface BenchReport {
  arch: string;
  method: string;
  backend: string;
  device: string;
  batchSize: number;
  input: string;
  classes: number;
  trainableParams: number;
  /** Median over runs. */
  imagesPerSecond: number;
  runs: number[];
  msPerStep: number;
  /** Threads the CPU kernels use (the oneDNN rung; 1 elsewhere). */
  threads: number;
  /** Present when asked for with `phases`. */
  profile?: PhaseProfile;
}

function syntheticBatch(
  n: number,
  h: number,
  w: number,
  c: number,
  classes: number,
  seed: number,
): Batch {
  const rng = createRng(seed);
  const x = new Float32Array(n * h * w * c);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.int(classes);
  return { x, y, shape: [n, h, w, c] };
}

/** Measures training throughput for `config` (its arch, method, budget, batch size, input). */
export async function benchTraining(
  config: RunConfig,
  options: BenchOptions,
): Promise<BenchReport> {
  const backend = await initBackend(backendChoice(config));
  const { input, classes } = shapeWithoutData(config);
  const arch = architectureFor(config, input, classes);
  const model = createModel(config, arch);
  const optimizer = new Sgd(model.parameters(), config.training);
  try {
    const step = createStepFunction(model, optimizer, config.training.labelSmoothing);
    const n = config.training.batchSize;
    const batch = syntheticBatch(
      n,
      input.height,
      input.width,
      input.channels,
      classes,
      config.seed,
    );
    for (let i = 0; i < options.warmupSteps; i++) await step(batch, config.training.lr);
    const runs: number[] = [];
    for (let r = 0; r < options.runs; r++) {
      const started = performance.now();
      for (let i = 0; i < options.stepsPerRun; i++) await step(batch, config.training.lr);
      const seconds = (performance.now() - started) / 1000;
      runs.push((n * options.stepsPerRun) / seconds);
    }
    const profile = options.phases
      ? await profileSteps(
          model,
          optimizer,
          () => step(batch, config.training.lr),
          options.stepsPerRun,
        )
      : undefined;
    const sorted = [...runs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    return {
      arch: arch.name,
      method: config.method,
      backend: backend.name,
      device: backend.device,
      batchSize: n,
      input: `${input.height}x${input.width}x${input.channels}`,
      classes,
      trainableParams: model.accounting().trainableParams,
      imagesPerSecond: median,
      runs,
      msPerStep: (1000 * n) / median,
      threads: backend.name === 'onednn' ? onednnThreads() : 1,
      ...(profile ? { profile } : {}),
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
