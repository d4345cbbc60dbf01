// The anytime-prediction report of an ensemble at the end of a run (superweights.md §4.4): MACs
// per member with and without the weight-generation term, every non-empty subset of members
// ordered by cost with its ensemble accuracy on the test set (validation when there is none),
// and the measured inference time per sample, members run one after another as the reference
// times them. Timings are wall-clock on this machine and backend: one untimed warm-up batch per
// member, then every batch of the split.
import { makeBatch } from '../data/makeBatch';
import type { Dataset } from '../data/dataset';
import { memberMacs, memberSubsets, subsetAccuracy, type MemberMacs } from '../npas/superweights';
import { tf } from '../tf';
import type { Normalisation } from './evaluate';
import type { SuperWeightsBuild } from './superWeightsModel';

export interface AnytimeMember {
  member: number;
  arch: string;
  macs: MemberMacs;
  msPerSample: number;
}

export interface AnytimeSubset {
  members: number[];
  /** Σ of the members' MACs including weight generation (the order of the list). */
  macs: number;
  /** Σ of the members' conv and fully connected MACs only. */
  networkMacs: number;
  /** Σ of the members' measured ms per sample (sequential execution). */
  msPerSample: number;
  top1: number;
  top5: number;
}

export interface AnytimeReport {
  split: 'test' | 'validation';
  samples: number;
  members: AnytimeMember[];
  /** All 2^M − 1 non-empty subsets, ascending by `macs`. */
  subsets: AnytimeSubset[];
}

/** The report of `build` on the test split (else validation); null without either. */
export async function anytimeReport(
  build: SuperWeightsBuild,
  data: { test: Dataset | null; validation: Dataset | null; norm: Normalisation },
  batchSize: number,
): Promise<AnytimeReport | null> {
  const split = data.test?.count ? 'test' : data.validation?.count ? 'validation' : null;
  const dataset = split === 'test' ? data.test : split === 'validation' ? data.validation : null;
  if (!split || !dataset) return null;
  const { logits, ms } = await timedLogits(build, dataset, data.norm, batchSize);
  const macs = build.models.map((_, m) => memberMacs(build.set.plan, m));
  const members = build.models.map((model, m) => ({
    member: m,
    arch: model.arch.name,
    macs: macs[m],
    msPerSample: ms[m] / dataset.count,
  }));
  const classes = build.archs[0].classes;
  const subsets = subsetAccuracy(
    memberSubsets(macs.map((c) => c.total)),
    logits,
    dataset.labels,
    classes,
  ).map((s): AnytimeSubset => ({
    members: s.members,
    macs: s.cost,
    networkMacs: s.members.reduce((sum, m) => sum + macs[m].network, 0),
    msPerSample: s.members.reduce((sum, m) => sum + members[m].msPerSample, 0),
    top1: s.top1,
    top5: s.top5,
  }));
  return { split, samples: dataset.count, members, subsets };
}

/** Every member's eval logits on `dataset` and the milliseconds each member took in total. */
async function timedLogits(
  build: SuperWeightsBuild,
  dataset: Dataset,
  norm: Normalisation,
  batchSize: number,
): Promise<{ logits: Float32Array[]; ms: number[] }> {
  const classes = build.archs[0].classes;
  const logits = build.models.map(() => new Float32Array(dataset.count * classes));
  const ms = build.models.map(() => 0);
  const order = Int32Array.from({ length: dataset.count }, (_, i) => i);
  for (let start = 0; start < dataset.count; start += batchSize) {
    const indices = order.subarray(start, Math.min(start + batchSize, dataset.count));
    const batch = makeBatch(dataset, indices, { mean: norm.mean, std: norm.std });
    const x = tf.tensor4d(batch.x, batch.shape);
    for (const [m, model] of build.models.entries()) {
      if (start === 0) tf.dispose(model.predict(x)); // warm-up: kernels compile on first use
      const began = performance.now();
      const out = model.predict(x);
      const values = await out.data(); // waits for the backend, so the time covers the work
      ms[m] += performance.now() - began;
      logits[m].set(values, start * classes);
      out.dispose();
    }
    x.dispose();
  }
  return { logits, ms };
}
