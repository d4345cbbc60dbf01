// Evaluation of an ensemble runs every member once per batch and builds the ensemble's
// prediction from those outputs (issue #9, item 14), with the same numbers as the ensemble's own
// predict over the whole split.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../src-main/engine/tf';
import { buildArchitecture } from '../../../../src-main/engine/arch/registry';
import type { Dataset } from '../../../../src-main/engine/data/dataset';
import { makeBatch } from '../../../../src-main/engine/data/makeBatch';
import { EnsembleModel } from '../../../../src-main/engine/nn/ensembleModel';
import { Model } from '../../../../src-main/engine/nn/model';
import { createUnsharedProvider } from '../../../../src-main/engine/npas/unshared';
import { createRng } from '../../../../src-main/engine/random';
import { evaluate } from '../../../../src-main/engine/train/evaluate';
import { correctCounts, crossEntropy } from '../../../../src-main/engine/train/loss';
import { expectNoLeaks } from '../../../helpers/tensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const input = { height: 6, width: 6, channels: 3 };
const classes = 4;
const norm = { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] };

function tinyDataset(count: number): Dataset {
  const rng = createRng(9);
  return {
    name: 'tiny',
    images: Uint8Array.from({ length: count * 6 * 6 * 3 }, () => rng.int(256)),
    count,
    height: 6,
    width: 6,
    channels: 3,
    labels: Int32Array.from({ length: count }, () => rng.int(classes)),
    classes,
    classNames: ['a', 'b', 'c', 'd'],
    source: 'memory',
  };
}

function tinyEnsemble(): { ensemble: EnsembleModel; members: Model[] } {
  const arch = buildArchitecture('wrn-10-1', { classes, input });
  const members = [1, 2].map((seed) => new Model(arch, createUnsharedProvider(arch, { seed })));
  const ensemble = new EnsembleModel(
    members,
    () => [],
    () => members[0].accounting(),
    () => {},
  );
  return { ensemble, members };
}

describe('evaluate', () => {
  it('runs each ensemble member once per batch and scores the ensemble from their outputs', async () => {
    const dataset = tinyDataset(10);
    const { ensemble, members } = tinyEnsemble();
    // Reference: the ensemble's own prediction over the whole split in one batch.
    const all = makeBatch(
      dataset,
      Int32Array.from({ length: 10 }, (_, i) => i),
      norm,
    );
    const x = tf.tensor4d(all.x, all.shape);
    const y = tf.tensor1d(all.y, 'int32');
    const logits = ensemble.predict(x);
    const lossTensor = crossEntropy(logits, y);
    const expected = { loss: (await lossTensor.data())[0], ...(await correctCounts(logits, y)) };
    tf.dispose([x, y, logits, lossTensor]);

    const passes = members.map((member) => vi.spyOn(member, 'predict'));
    const result = await expectNoLeaks(() => evaluate(ensemble, dataset, norm, 4));
    // 3 batches (4 + 4 + 2 images), 2 members: one pass each per batch.
    for (const pass of passes) expect(pass).toHaveBeenCalledTimes(3);
    expect(result.loss).toBeCloseTo(expected.loss, 5);
    expect(result.top1).toBe(expected.top1 / 10);
    expect(result.top5).toBe(expected.top5 / 10);
    expect(result.count).toBe(10);
    expect(result.members).toHaveLength(2);
    ensemble.dispose();
  });
});
