// The SuperWeights phases end to end on a slice of the bundled sample (wasm backend, tiny WRNs,
// few steps): the cluster search feeding a fresh main phase (superweights.md §2.1), coefficient
// unsharing between epochs (§2.8) with stop/resume across it, and the anytime report (§4.4).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfigInput } from '../../src-main/contract/config';
import { encodeIdxImages, encodeIdxLabels } from '../../src-main/engine/data/idxCodec';
import { loadDataset } from '../../src-main/engine/data/loadDataset';
import type { Dataset } from '../../src-main/engine/data/dataset';
import type { TrainEvent } from '../../src-main/engine/train/events';
import {
  SHARING_FILE,
  type SuperWeightsSearchFound,
} from '../../src-main/engine/train/superWeightsPhases';
import { runTraining, type TrainingOutcome } from '../../src-main/services/training';
import { expectNoLeaks } from '../helpers/tensors';

/** The first `count` images of a split, as IDX files in `dir`. */
function writeSlice(dir: string, prefix: string, ds: Dataset, count: number): void {
  const pixels = ds.images.subarray(0, count * ds.height * ds.width);
  writeFileSync(
    join(dir, `${prefix}-images-idx3-ubyte`),
    encodeIdxImages(pixels, count, ds.height, ds.width),
  );
  writeFileSync(
    join(dir, `${prefix}-labels-idx1-ubyte`),
    encodeIdxLabels(ds.labels.subarray(0, count)),
  );
}

let dataDir = '';
beforeAll(async () => {
  const sample = await loadDataset('sample');
  dataDir = mkdtempSync(join(tmpdir(), 'npas-sw-data-'));
  writeSlice(dataDir, 'train', sample.train, 256);
  writeSlice(dataDir, 't10k', sample.test!, 120);
});

function configOf(input: RunConfigInput) {
  return parseRunConfig({
    arch: 'wrn-10-1',
    input: '28x28x1',
    backend: 'wasm',
    method: 'superweights',
    dataset: { path: dataDir },
    seed: 7,
    ...input,
    training: {
      epochs: 1,
      batchSize: 16,
      lr: 0.05,
      maxStepsPerEpoch: 4,
      validationFraction: 0,
      evalBatchSize: 120,
      ...input.training,
    },
  });
}

async function run(input: RunConfigInput, options: Parameters<typeof runTraining>[1] = {}) {
  const events: TrainEvent[] = [];
  const outcome = await runTraining(configOf(input), {
    ...options,
    onEvent: (e) => events.push(e),
  });
  return { outcome, events };
}

const phases = (events: TrainEvent[], phase: string) =>
  events.flatMap((e) => (e.type === 'phase' && e.phase === phase ? [e.message] : []));
const stepsIn = (events: TrainEvent[], phase: string) =>
  events.filter((e) => e.type === 'step' && e.phase === phase).length;

describe('the SuperWeights search phase and the anytime report of a 2-member ensemble', () => {
  // At 250,000 the clusters of τ 0.1 need more than the budget, so the threshold loop steps
  // down (§2.6); fan-in init keeps the few-step members' predictions apart.
  const ensemble: RunConfigInput = {
    budget: 250000,
    superweights: { members: 'wrn-10-2,wrn-10-1', init: 'fanIn', search: { epochs: 1 } },
  };
  let dir = '';
  let first: { outcome: TrainingOutcome; events: TrainEvent[] };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'npas-sw-search-'));
    first = await run(ensemble, { checkpointDir: dir });
  });

  it('pretrains, searches, and trains the main phase on the clusters it found', () => {
    const { outcome, events } = first;
    expect(stepsIn(events, 'search')).toBe(4);
    expect(stepsIn(events, 'main')).toBe(4);
    const sharing = outcome.superWeightsSharing!;
    expect(sharing.clusters).toHaveLength(2);
    expect(phases(events, 'main').some((m) => m.startsWith('search found'))).toBe(true);
    // The main model's layers sit in the clusters the search returned.
    const groups = outcome.accounting.layers.map((l) => l.group ?? -1);
    expect(groups).toEqual(sharing.clusters[0]);
    const saved = JSON.parse(
      readFileSync(join(dir, SHARING_FILE), 'utf8'),
    ) as SuperWeightsSearchFound;
    expect(saved.sharing).toEqual(sharing);
    const needs = saved.steps.map((s) => s.need);
    expect(needs.length).toBeGreaterThan(1);
    expect(needs.slice(0, -1).every((n) => n > 250000)).toBe(true);
    expect(needs.at(-1)).toBeLessThanOrEqual(250000);
    expect(saved.threshold).toBeCloseTo(0.1 - 0.05 * (needs.length - 1), 9);
    expect(outcome.accounting.budgetParams).toBeLessThanOrEqual(250000);
    expect(existsSync(join(dir, 'search', 'last.ckpt'))).toBe(true);
    expect(outcome.result.status).toBe('completed');
  });

  it('skips the search on resume and reuses the saved sharing', async () => {
    const resumed = await expectNoLeaks(() => run(ensemble, { checkpointDir: dir, resume: true }));
    expect(stepsIn(resumed.events, 'search')).toBe(0);
    expect(resumed.outcome.superWeightsSharing).toEqual(first.outcome.superWeightsSharing);
  });

  it('lists all 3 member subsets by cost with the accuracies evaluation reports', () => {
    const anytime = first.outcome.anytime!;
    const test = first.outcome.result.last.test!;
    expect(anytime.split).toBe('test');
    expect(anytime.samples).toBe(120);
    const [big, small] = anytime.members;
    expect(big.macs.generation).toBeGreaterThan(0);
    expect(big.macs.total).toBe(big.macs.network + big.macs.generation);
    expect(big.macs.network).toBeGreaterThan(small.macs.network);
    expect(anytime.subsets.map((s) => s.members)).toEqual([[1], [0], [0, 1]]);
    const costs = anytime.subsets.map((s) => s.macs);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(anytime.subsets[2].macs).toBe(big.macs.total + small.macs.total);
    expect(anytime.subsets[2].networkMacs).toBe(big.macs.network + small.macs.network);
    expect(anytime.members.every((m) => m.msPerSample > 0)).toBe(true);
    // Single members and the full ensemble agree with the end-of-run evaluation.
    expect(anytime.subsets[1].top1).toBeCloseTo(test.members![0].top1, 10);
    expect(anytime.subsets[0].top1).toBeCloseTo(test.members![1].top1, 10);
    expect(anytime.subsets[2].top1).toBeCloseTo(test.top1, 10);
  });
});

describe('coefficient unsharing during the main phase', () => {
  // One α per bank shared by both members. Within a member every user of a slot sees the same
  // summed gradient (cosine 1), so what splits is the members' shares (§2.8). The budget gives
  // banks several templates: with one, α is a scalar and every cosine is ±1.
  const unsharing: RunConfigInput = {
    budget: 60000,
    superweights: {
      members: 'wrn-10-1,wrn-10-1',
      coefficients: 'perBank',
      unshare: { epoch: 1, period: 2, threshold: 0.9 },
    },
    training: { epochs: 3 },
  };
  let straight: { outcome: TrainingOutcome; events: TrainEvent[] };
  beforeAll(async () => {
    straight = await run(unsharing);
  });

  it('adds coefficient slots after epochs 1 and 2 and training continues with them', () => {
    const { outcome, events } = straight;
    expect(outcome.unsharing.map((r) => r.epoch)).toEqual([0, 1]);
    expect(phases(events, 'unsharing')).toHaveLength(2);
    const [once] = outcome.unsharing;
    expect(once.batches).toBe(4);
    // Two banks split member 1 off (2 + 3 coefficients); the model trains 5 more numbers.
    expect(once).toMatchObject({ added: 2, addedParams: 5, slotsBefore: 8, slotsAfter: 10 });
    expect(once.paramsAfter - once.paramsBefore).toBe(5);
    // The second test copies every label group but a bank's first (§2.8 step 3), so a slot
    // whose users all moved is left behind: live slots grow by at most the copies made.
    const twice = outcome.unsharing[1];
    expect(twice.paramsBefore).toBe(once.paramsAfter);
    expect(twice.slotsAfter).toBeLessThanOrEqual(twice.slotsBefore + twice.added);
    expect(outcome.result.history).toHaveLength(3);
    for (const record of outcome.result.history)
      expect(Number.isFinite(record.train.loss)).toBe(true);
    expect(outcome.result.status).toBe('completed');
  });

  it('resumes after an unsharing epoch to the same metrics as the uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npas-sw-unshare-'));
    let steps = 0;
    // Stop before the 3rd step of the second epoch: one unsharing done, one to come.
    const stopped = await run(unsharing, { checkpointDir: dir, shouldStop: () => steps++ === 6 });
    expect(stopped.outcome.result.status).toBe('stopped');
    expect(stopped.outcome.unsharing).toHaveLength(1);
    const resumed = await expectNoLeaks(() => run(unsharing, { checkpointDir: dir, resume: true }));
    expect(resumed.outcome.unsharing).toEqual(straight.outcome.unsharing);
    const a = straight.outcome.result.history[2];
    const b = resumed.outcome.result.history[2];
    expect(b.train.loss).toBeCloseTo(a.train.loss, 5);
    expect(b.test!.loss).toBeCloseTo(a.test!.loss, 5);
    expect(b.test!.top1).toBe(a.test!.top1);
  });
});
