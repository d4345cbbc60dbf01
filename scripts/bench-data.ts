// Benchmark of the data pipeline's per-step cost: one augmented 128×32×32×3 batch (crop 4, flip,
// Cutout 16), the shape the CIFAR recipe feeds every step. Run: npx tsx scripts/bench-data.ts
import { makeBatch } from '../src-main/engine/data/makeBatch';
import type { Dataset } from '../src-main/engine/data/dataset';
import { createRng } from '../src-main/engine/random';

const count = 1024;
const rng = createRng(0);
const images = new Uint8Array(count * 32 * 32 * 3).map(() => rng.int(256));
const ds: Dataset = {
  name: 'synthetic',
  images,
  count,
  height: 32,
  width: 32,
  channels: 3,
  labels: new Int32Array(count),
  classes: 10,
  classNames: [],
  source: 'synthetic',
};
const indices = Int32Array.from({ length: 128 }, (_, i) => (i * 7) % count);
const opts = {
  mean: [0.5, 0.5, 0.5],
  std: [0.25, 0.25, 0.25],
  augment: { crop: 4, flip: true, cutout: 16 },
};
for (let i = 0; i < 10; i++) makeBatch(ds, indices, { ...opts, rng });
const runs = 100;
const start = performance.now();
for (let i = 0; i < runs; i++) makeBatch(ds, indices, { ...opts, rng });
console.log(
  `makeBatch 128×32×32×3, crop+flip+cutout: ${((performance.now() - start) / runs).toFixed(2)} ms per batch`,
);
