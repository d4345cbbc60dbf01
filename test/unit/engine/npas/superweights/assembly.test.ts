import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../../src-main/engine/tf';
import {
  assembleBlocks,
  combineTemplates,
  planSuperWeights,
  superWeightsConfig,
  type LevelSegment,
} from '../../../../../src-main/engine/npas/superweights';
import { toReferenceLayout, toTfjsLayout } from '../../../../../src-main/engine/npas/layout';
import { expectNoLeaks, maxAbsDiff } from '../../../../helpers/tensors';
import { readmeEnsemble } from './fixtures';

type Grid = number[][][]; // [O][I][kh·kw]

const grid = (flat: number[], out: number, inp: number, k: number): Grid =>
  Array.from({ length: out }, (_, o) =>
    Array.from({ length: inp }, (_, i) => flat.slice((o * inp + i) * k, (o * inp + i + 1) * k)),
  );

/** The reference rules of §1.3, written out on plain arrays. */
function handBuilt(segments: LevelSegment[], blocks: number[][]): number[] {
  const k = segments[0].rows.kh * segments[0].rows.kw;
  let w = grid(blocks[0], segments[0].rows.out, segments[0].rows.in, k);
  for (let level = 1; level < segments.length; level++) {
    const { rows, cols, target } = segments[level];
    const b = blocks[level];
    if (!cols) {
      w = [...w.map((r) => r.slice(0, target.in)), ...grid(b, rows.out, rows.in, k)];
      continue;
    }
    const colCount = cols.out * cols.in * k;
    const c = grid(b.slice(0, colCount), cols.out, cols.in, k);
    if (rows.out > 0)
      w = [...w.map((r, o) => [...r, ...c[o]]), ...grid(b.slice(colCount), rows.out, rows.in, k)];
    else w = w.slice(0, rows.out < 0 ? target.out : w.length).map((r, o) => [...r, ...c[o]]);
  }
  return w.flat(2);
}

describe('weight assembly (superweights.md §1.3)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('composes a [112,112] layer in the reference order, equal to a hand-built tensor', async () => {
    const plan = planSuperWeights(readmeEnsemble(), superWeightsConfig());
    const layer = plan.members[0].layers[2]!;
    const segments = layer.pieces.map((p) => plan.banks[p.bank].segment);
    const blocks = segments.map((s, w) => Array.from({ length: s.numel }, (_, i) => w * 1e6 + i));
    const expected = handBuilt(segments, blocks);
    await expectNoLeaks(() => {
      const tensors = blocks.map((b) => tf.tensor1d(b));
      const w = assembleBlocks(segments, tensors);
      expect(w.shape).toEqual([112, 112, 3, 3]);
      expect(Array.from(w.dataSync())).toEqual(expected);
      tf.dispose([...tensors, w]);
    });
  });

  it('assembles every layer of the README ensemble to exactly its shape from random banks', async () => {
    const plan = planSuperWeights(readmeEnsemble(), superWeightsConfig());
    const checked = new Set<string>();
    await expectNoLeaks(() => {
      for (const member of plan.members) {
        for (const layer of member.layers) {
          if (!layer || checked.has(JSON.stringify(layer.shape))) continue;
          checked.add(JSON.stringify(layer.shape));
          const segments = layer.pieces.map((p) => plan.banks[p.bank].segment);
          tf.tidy(() => {
            const w = assembleBlocks(
              segments,
              segments.map((s) => tf.randomNormal([s.numel]) as tf.Tensor1D),
            );
            expect(w.shape).toEqual([
              layer.shape.out,
              layer.shape.in,
              layer.shape.kh,
              layer.shape.kw,
            ]);
          });
        }
      }
    });
    expect(checked.size).toBeGreaterThan(10);
  });

  it('combines templates as α · T over the window', async () => {
    await expectNoLeaks(() => {
      tf.tidy(() => {
        const bank = tf.tensor1d([9, 9, 1, 2, 3, 10, 20, 30]);
        const b = combineTemplates(bank, tf.tensor1d([2, -1]), 2, 3);
        expect(Array.from(b.dataSync())).toEqual([2 - 10, 4 - 20, 6 - 30]);
      });
    });
  });

  it('round-trips the tfjs layouts of conv and dense weights', async () => {
    await expectNoLeaks(() => {
      tf.tidy(() => {
        const conv = tf.randomNormal([4, 3, 3, 3]) as tf.Tensor4D;
        expect(toTfjsLayout(conv, 'conv').shape).toEqual([3, 3, 3, 4]);
        expect(maxAbsDiff(toReferenceLayout(toTfjsLayout(conv, 'conv'), 'conv'), conv)).toBe(0);
        const dense = tf.randomNormal([5, 7, 1, 1]) as tf.Tensor4D;
        expect(toTfjsLayout(dense, 'dense').shape).toEqual([7, 5]);
        expect(maxAbsDiff(toReferenceLayout(toTfjsLayout(dense, 'dense'), 'dense'), dense)).toBe(0);
      });
    });
  });
});
