// Where a training step's time goes (issue #11, `npas bench --phases`, `npm run bench:cpu`): every
// top-level tfjs kernel call of the timed steps is timed and put in a phase by its name
// (convolutions, batch norm) or by what called it (the optimizer); what no kernel accounts for is
// JavaScript between kernels. Weight generation (SSN / SuperWeights templates to layer weights),
// forward and backward, is timed on its own, since its kernels mix with the rest in a step.
import { tf } from '../engine/tf';
import type { Trainable } from '../engine/nn/trainable';
import type { Sgd } from '../engine/train/optimizer';
import type { LayerWeights } from '../engine/npas/provider';

/** Milliseconds per step, by phase. */
export interface StepPhases {
  convolutions: number;
  /** The batch-norm kernels; 0 where batch norm is composed of elementwise ops (plain wasm). */
  batchNorm: number;
  optimizer: number;
  /** Every other kernel: elementwise, pooling, loss, weight generation, ... */
  elementwise: number;
  /** Step time no kernel accounts for: JavaScript, tape bookkeeping, tensor allocation. */
  untracked: number;
}

export interface PhaseProfile {
  msPerStep: number;
  phases: StepPhases;
  /** Weight generation forward + backward on its own, ms; null where the model has none. */
  weightGeneration: number | null;
  /** The kernels taking the most time per step, slowest first. */
  topKernels: { name: string; ms: number; calls: number }[];
}

const CONV = /^(Conv2D|Conv2DBackpropInput|Conv2DBackpropFilter|FusedConv2D)$/;
const NORM = /^NpasBatchNorm/;

type Phase = keyof Omit<StepPhases, 'untracked'>;

function classify(kernel: string): Phase {
  if (CONV.test(kernel)) return 'convolutions';
  if (NORM.test(kernel)) return 'batchNorm';
  return 'elementwise';
}

/** Times every top-level kernel `run` calls, by phase and by name. */
async function timeKernels(
  optimizer: Sgd,
  run: () => Promise<void>,
): Promise<{ phases: Record<Phase, number>; byName: Map<string, { ms: number; calls: number }> }> {
  const engine = tf.engine();
  const runKernel = engine.runKernel;
  const step = optimizer.step;
  const phases: Record<Phase, number> = {
    convolutions: 0,
    batchNorm: 0,
    optimizer: 0,
    elementwise: 0,
  };
  const byName = new Map<string, { ms: number; calls: number }>();
  let depth = 0;
  let inOptimizer = false;
  engine.runKernel = function (this: typeof engine, ...args: Parameters<typeof runKernel>) {
    if (depth > 0) return runKernel.apply(this, args);
    depth++;
    const started = performance.now();
    try {
      return runKernel.apply(this, args);
    } finally {
      depth--;
      const ms = performance.now() - started;
      const name = args[0];
      phases[inOptimizer ? 'optimizer' : classify(name)] += ms;
      const entry = byName.get(name) ?? { ms: 0, calls: 0 };
      entry.ms += ms;
      entry.calls++;
      byName.set(name, entry);
    }
  } as typeof runKernel;
  optimizer.step = (...args: Parameters<Sgd['step']>) => {
    inOptimizer = true;
    try {
      return step.apply(optimizer, args);
    } finally {
      inOptimizer = false;
    }
  };
  try {
    await run();
  } finally {
    engine.runKernel = runKernel;
    optimizer.step = step;
  }
  return { phases, byName };
}

/** Weight generation forward and backward (upstream gradient of ones), ms; null if none. */
async function timeWeightGeneration(model: Trainable, repeats: number): Promise<number | null> {
  const provider = (model as { provider?: { generate(): LayerWeights[] } }).provider;
  const variables = model.parameters().map((p) => p.variable);
  if (!provider) return null;
  const once = async () => {
    const { value, grads } = tf.variableGrads(
      () => {
        const tensors = provider
          .generate()
          .flatMap((w) => (w.bias ? [w.kernel, w.bias] : [w.kernel]));
        return tf.addN(tensors.map((t) => tf.sum(t))) as tf.Scalar;
      },
      variables.filter((v) => v.trainable),
    );
    await value.data();
    tf.dispose([value, ...Object.values(grads)]);
  };
  await once();
  const started = performance.now();
  for (let i = 0; i < repeats; i++) await once();
  return (performance.now() - started) / repeats;
}

/** Profiles `steps` calls of `step` (after warm-up, done by the caller). */
export async function profileSteps(
  model: Trainable,
  optimizer: Sgd,
  step: () => Promise<unknown>,
  steps: number,
): Promise<PhaseProfile> {
  const started = performance.now();
  const { phases, byName } = await timeKernels(optimizer, async () => {
    for (let i = 0; i < steps; i++) await step();
  });
  const msPerStep = (performance.now() - started) / steps;
  const per = (ms: number) => ms / steps;
  const tracked = Object.values(phases).reduce((a, b) => a + b, 0);
  const topKernels = [...byName]
    .map(([name, e]) => ({ name, ms: per(e.ms), calls: e.calls / steps }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 12);
  return {
    msPerStep,
    phases: {
      convolutions: per(phases.convolutions),
      batchNorm: per(phases.batchNorm),
      optimizer: per(phases.optimizer),
      elementwise: per(phases.elementwise),
      untracked: Math.max(0, msPerStep - per(tracked)),
    },
    weightGeneration: await timeWeightGeneration(model, Math.min(steps, 3)),
    topKernels,
  };
}
