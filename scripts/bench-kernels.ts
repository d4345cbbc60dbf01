// Benchmarks the wasm training kernels (docs/compute.md "Conv gradients as forward convolutions"):
// GFLOP/s of forward conv, input gradient and filter gradient, built-in vs ours, then img/s of a
// whole WRN-16-4 training step in plain tf ops. Run: npx tsx scripts/bench-kernels.ts
//   --quick        kernels only at N=64 and one WRN step at batch 32
//   --profile      also print the kernels that dominate one WRN step
//   --batches=32,128  WRN batch sizes (default 32,128; empty for none)
//   --no-kernels   skip the per-kernel table
import type { KernelConfig, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { tf } from '../src-main/engine/tf';
import { initBackend } from '../src-main/engine/backend/ladder';
import { WASM_EXTRA_KERNELS } from '../src-main/engine/backend/wasmKernels';
import { batchNormTrain } from '../src-main/engine/nn/batchNorm';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const batchArg = process.argv.find((a) => a.startsWith('--batches='));
const batches = batchArg
  ? batchArg.slice(10).split(',').filter(Boolean).map(Number)
  : quick
    ? [32]
    : [32, 128];

// The built-in wasm kernels, captured before the ladder replaces them.
await import('@tensorflow/tfjs-backend-wasm');
const builtIn = new Map<string, KernelConfig | undefined>();
for (const k of WASM_EXTRA_KERNELS) builtIn.set(k.kernelName, tf.getKernel(k.kernelName, 'wasm'));
const report = await initBackend('wasm');
console.log(`backend: ${report.name} (${report.why})`);

/** Runs `fn` with the built-in (or our) kernel for `name` registered. */
function withKernel<T>(name: string, which: 'built-in' | 'ours', fn: () => T): T {
  const ours = WASM_EXTRA_KERNELS.find((k) => k.kernelName === name) as KernelConfig;
  const original = builtIn.get(name) as KernelConfig;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel(which === 'ours' ? ours : original);
  // Setup functions run at backend initialisation, which happened while ours was registered.
  if (which === 'built-in') original.setupFunc?.(tf.backend());
  try {
    return fn();
  } finally {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(ours);
  }
}

/**
 * Best time in ms over `reps` runs (after one warm-up), the result read back each time. It is
 * the process's CPU time: wasm runs on one thread, and CPU time stays put when other processes
 * share the machine's two cores, where wall time does not.
 */
function bestMs(fn: () => Tensor, reps: number): number {
  fn().dispose();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const out = fn();
    out.dataSync();
    const cpu = process.cpuUsage(c0);
    best = Math.min(best, (cpu.user + cpu.system) / 1000);
    out.dispose();
  }
  return best;
}

function row(label: string, flops: number, ms: number | null): void {
  const text =
    ms === null
      ? 'not registered'
      : `${ms.toFixed(1).padStart(8)} ms ${(flops / ms / 1e6).toFixed(1).padStart(6)} GFLOP/s`;
  console.log(`  ${label.padEnd(34)} ${text}`);
}

function benchKernels(n: number, h: number, c: number): void {
  const f = c;
  const flops = 2 * n * h * h * c * f * 9;
  console.log(
    `\nconv 3x3 stride 1 'same', N=${n} H=W=${h} C=F=${c} (${(flops / 1e9).toFixed(2)} GFLOP each)`,
  );
  const x = tf.randomNormal([n, h, h, c]) as Tensor4D;
  const w = tf.randomNormal([3, 3, c, f]) as Tensor4D;
  const dy = tf.randomNormal([n, h, h, f]) as Tensor4D;
  const reps = quick ? 2 : 3;
  row(
    'forward conv2d',
    flops,
    bestMs(() => tf.conv2d(x, w, 1, 'same'), reps),
  );
  const inputGrad = () => tf.conv2dTranspose(dy, w, [n, h, h, c], 1, 'same');
  const filterGrad = () =>
    tf.tidy(() =>
      tf.grad((ww: Tensor) => tf.sum(tf.mul(tf.conv2d(x, ww as Tensor4D, 1, 'same'), dy)))(w),
    );
  const builtInMs = withKernel('Conv2DBackpropInput', 'built-in', () =>
    bestMs(inputGrad, quick ? 1 : 2),
  );
  row('input gradient, built-in', flops, builtInMs);
  row('input gradient, ours', flops, bestMs(inputGrad, reps));
  row(
    'filter gradient, built-in',
    flops,
    builtIn.get('Conv2DBackpropFilter') ? bestMs(filterGrad, reps) : null,
  );
  // The filter gradient is timed through tf.grad, so it includes one forward conv; subtract it.
  const fwdMs = bestMs(() => tf.conv2d(x, w, 1, 'same'), reps);
  row('filter gradient, ours', flops, bestMs(filterGrad, reps) - fwdMs);
  const half = h / 2;
  const dyHalf = tf.randomNormal([n, half, half, f]) as Tensor4D;
  const strided = () => tf.conv2dTranspose(dyHalf, w, [n, h, h, c], 2, 'same');
  const stridedFlops = flops / 4;
  const builtInStrided = withKernel('Conv2DBackpropInput', 'built-in', () => bestMs(strided, 1));
  row('input gradient stride 2, built-in', stridedFlops, builtInStrided);
  row('input gradient stride 2, ours', stridedFlops, bestMs(strided, reps));
  tf.dispose([x, w, dy, dyHalf]);
}

// ---- WRN-16-4 (Zagoruyko & Komodakis): pre-activation basic blocks, widths 64/128/256 ----

interface Param {
  v: import('@tensorflow/tfjs-core').Variable;
}

/** A trainable variable from `init`, which it disposes (tf.variable keeps its own reference). */
function param(init: Tensor): Param {
  const v = tf.variable(init);
  init.dispose();
  return { v };
}

function heInit(shape: number[], fanIn: number): Param {
  return param(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn)));
}

interface Block {
  bn1: [Param, Param];
  conv1: Param;
  bn2: [Param, Param];
  conv2: Param;
  shortcut: Param | null;
  stride: number;
}

function bnParams(c: number): [Param, Param] {
  return [param(tf.ones([c])), param(tf.zeros([c]))];
}

function buildWrn(depth = 16, widen = 4, classes = 10) {
  const perGroup = (depth - 4) / 6;
  const widths = [16, 16 * widen, 32 * widen, 64 * widen];
  const stem = heInit([3, 3, 3, widths[0]], 27);
  const blocks: Block[] = [];
  let inC = widths[0];
  for (let g = 0; g < 3; g++) {
    for (let b = 0; b < perGroup; b++) {
      const outC = widths[g + 1];
      const stride = g > 0 && b === 0 ? 2 : 1;
      blocks.push({
        bn1: bnParams(inC),
        conv1: heInit([3, 3, inC, outC], 9 * inC),
        bn2: bnParams(outC),
        conv2: heInit([3, 3, outC, outC], 9 * outC),
        shortcut: inC === outC ? null : heInit([1, 1, inC, outC], inC),
        stride,
      });
      inC = outC;
    }
  }
  const bnOut = bnParams(inC);
  const dense = heInit([inC, classes], inC);
  const bias = param(tf.zeros([classes]));
  const params = [
    stem,
    ...blocks.flatMap((b) => [
      ...b.bn1,
      b.conv1,
      ...b.bn2,
      b.conv2,
      ...(b.shortcut ? [b.shortcut] : []),
    ]),
    ...bnOut,
    dense,
    bias,
  ];
  return { stem, blocks, bnOut, dense, bias, params };
}

type Wrn = ReturnType<typeof buildWrn>;

function bnRelu(x: Tensor, bn: [Param, Param]): Tensor {
  const r = batchNormTrain(x, bn[0].v as never, bn[1].v as never);
  r.mean.dispose();
  r.variance.dispose();
  return tf.relu(r.y);
}

function wrnLoss(model: Wrn, x: Tensor4D, labels: Tensor): Tensor {
  let h: Tensor = tf.conv2d(x, model.stem.v as Tensor4D, 1, 'same');
  for (const b of model.blocks) {
    const act = bnRelu(h, b.bn1);
    const shortcut = b.shortcut
      ? tf.conv2d(act as Tensor4D, b.shortcut.v as Tensor4D, b.stride, 'valid')
      : h;
    const c1 = tf.conv2d(act as Tensor4D, b.conv1.v as Tensor4D, b.stride, 'same');
    const c2 = tf.conv2d(bnRelu(c1, b.bn2) as Tensor4D, b.conv2.v as Tensor4D, 1, 'same');
    h = tf.add(c2, shortcut);
  }
  const pooled = tf.mean(bnRelu(h, model.bnOut), [1, 2]);
  const logits = tf.add(tf.matMul(pooled, model.dense.v), model.bias.v);
  return tf.losses.softmaxCrossEntropy(labels, logits);
}

function benchWrn(batch: number, steps: number, profile: boolean): Promise<void> | void {
  const model = buildWrn();
  const count = model.params.reduce((s, p) => s + p.v.size, 0);
  const x = tf.randomNormal([batch, 32, 32, 3]) as Tensor4D;
  const labels = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32') as never, 10));
  // SGD with Nesterov momentum 0.9, lr 0.1, by hand (tf.train.momentum's dispose() leaks its
  // learning-rate scalar).
  const velocity: Tensor[] = model.params.map((p) => tf.zerosLike(p.v as Tensor));
  const vars = model.params.map((p) => p.v);
  const step = () => {
    const { value, grads } = tf.variableGrads(() => wrnLoss(model, x, labels) as never, vars);
    tf.tidy(() => {
      vars.forEach((v, i) => {
        const g = grads[v.name];
        const next = tf.add(tf.mul(velocity[i], 0.9), g);
        velocity[i].dispose();
        velocity[i] = tf.keep(next);
        v.assign(tf.sub(v, tf.mul(tf.add(g, tf.mul(next, 0.9)), 0.1)));
      });
    });
    tf.dispose(Object.values(grads));
    value.dataSync();
    value.dispose();
  };
  step(); // warm-up: XNNPACK operator creation, optimizer slots
  // Wall time suffers when other processes share the 2 cores; the process's CPU time (wasm runs
  // on one thread) is the steadier figure on a busy machine.
  let best = Infinity;
  let bestCpu = Infinity;
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    step();
    const cpu = process.cpuUsage(c0);
    best = Math.min(best, performance.now() - t0);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
  }
  console.log(
    `\nWRN-16-4 (${(count / 1e6).toFixed(2)}M params) batch ${batch}, best of ${steps} steps: ` +
      `wall ${(best / 1000).toFixed(2)} s = ${((batch * 1000) / best).toFixed(2)} img/s; ` +
      `cpu ${(bestCpu / 1000).toFixed(2)} s = ${((batch * 1000) / bestCpu).toFixed(2)} img/s`,
  );
  const done = () => {
    tf.dispose([x, labels, ...velocity, ...vars]);
  };
  if (!profile) return done();
  return tf.profile(step).then((info) => {
    const byKernel = new Map<string, { ms: number; calls: number }>();
    for (const k of info.kernels) {
      const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
      e.ms += Number(k.kernelTimeMs);
      e.calls++;
      byKernel.set(k.name, e);
    }
    const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
    console.log(
      `  profile (nested kernels counted inside their parents too; sum ${total.toFixed(0)} ms):`,
    );
    for (const [name, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 16)) {
      console.log(
        `    ${name.padEnd(24)} ${e.ms.toFixed(0).padStart(7)} ms  ${String(e.calls).padStart(4)} calls`,
      );
    }
    done();
  });
}

if (!args.has('--no-kernels')) {
  benchKernels(64, 32, 32);
  benchKernels(64, 8, 128);
}
for (const batch of batches)
  await benchWrn(batch, quick || batch >= 128 ? 2 : 3, args.has('--profile'));
console.log(`\nleftover tensors: ${tf.memory().numTensors}`);
