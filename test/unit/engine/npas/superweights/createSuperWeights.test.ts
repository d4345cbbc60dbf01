import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { buildDesign } from '../../../../../src-main/engine/arch/design';
import type { Architecture } from '../../../../../src-main/engine/arch/types';
import { forward } from '../../../../../src-main/engine/nn/forward';
import { createNormState, disposeNormState } from '../../../../../src-main/engine/nn/normState';
import {
  createSuperWeights,
  createSuperWeightsProvider,
  superWeightsConfig,
  type SuperWeightsConfigInput,
} from '../../../../../src-main/engine/npas/superweights';
import { tf } from '../../../../../src-main/engine/tf';
import { expectNoLeaks } from '../../../../helpers/tensors';
import { arch } from './fixtures';

const small = (channels: number, size = 8) => ({
  classes: 10,
  input: { height: size, width: size, channels },
});
const tfjsShape = (a: Architecture, id: number) => {
  const l = a.layers[id];
  return l.kind === 'conv'
    ? [l.kernel, l.kernel, l.inChannels, l.outChannels]
    : [l.inChannels, l.outChannels];
};

/** Runs every member once in eval mode; returns the logits shapes. */
function runAll(
  members: Architecture[],
  partial: SuperWeightsConfigInput = {},
  size = 8,
): number[][] {
  const set = createSuperWeights(members, superWeightsConfig(partial), 1);
  const shapes = members.map((a, m) => {
    const norms = createNormState(a);
    const logits = tf.tidy(() => {
      const weights = set.members[m].generate();
      weights.forEach((w, id) => expect(w.kernel.shape).toEqual(tfjsShape(a, id)));
      const x = tf.randomNormal([2, size, size, a.input.channels]) as tf.Tensor4D;
      return forward(a, weights, norms, x, false).logits;
    });
    const shape = logits.shape;
    logits.dispose();
    disposeNormState(norms);
    return shape;
  });
  set.dispose();
  return shapes;
}

describe('SuperWeights provider', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('generates tfjs-layout weights for WRN, ResNet, MLP, CNN and a design, leaking nothing', async () => {
    await expectNoLeaks(() => {
      expect(runAll([arch('wrn-10-2', small(3)), arch('wrn-10-1', small(3))])).toEqual([
        [2, 10],
        [2, 10],
      ]);
      expect(runAll([arch('resnet-8', small(3))])).toEqual([[2, 10]]);
      expect(runAll([arch('mlp', small(1))], { coefficients: 'perBank' })).toEqual([[2, 10]]);
      expect(runAll([arch('cnn', small(1))], { shareClassifier: true })).toEqual([[2, 10]]);
      const design = buildDesign({
        input: { height: 8, width: 8, channels: 2 },
        classes: 10,
        layers: [
          { type: 'conv', filters: 4, kernel: 3 },
          { type: 'conv', filters: 6, kernel: 3, stride: 2 },
          { type: 'conv', filters: 6, kernel: 1 },
          { type: 'flatten' },
          { type: 'dense', units: 12 },
        ],
      });
      expect(runAll([design], { bins: 2 })).toEqual([[2, 10]]);
    });
  });

  it('shares the same bank variables across members and lists every parameter once', () => {
    const set = createSuperWeights(
      [arch('wrn-10-2', small(3)), arch('wrn-10-1', small(3))],
      superWeightsConfig(),
      3,
    );
    const [a, b] = set.members.map((m) => new Set(m.parameters.map((p) => p.variable)));
    // The wider member uses every bank; the narrower one every level-0 bank (base blocks).
    set.banks.forEach((bank, id) => {
      expect(a.has(bank.variable)).toBe(true);
      if (set.plan.banks[id].level === 0) expect(b.has(bank.variable)).toBe(true);
    });
    const names = set.parameters.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    const counted = set.parameters.reduce((sum, p) => sum + p.variable.size, 0);
    const norms = [0, 1].reduce(
      (sum, m) => sum + set.plan.members[m].arch.norms.reduce((s, n) => s + 2 * n.channels, 0),
      0,
    );
    expect(counted + norms).toBe(set.accounting().trainableParams);
    expect(set.parameters.filter((p) => p.name.startsWith('sw.alpha')).every((p) => !p.decay)).toBe(
      true,
    );
    set.dispose();
  });

  it('draws reference templates from N(0, 2/9) and orthonormal α rows when a bank has n ≤ K', () => {
    const set = createSuperWeights(
      [arch('wrn-16-4')],
      superWeightsConfig({ budget: 2_000_000 }),
      5,
    );
    const values = set.banks.flatMap((b) => Array.from(b.variable.dataSync()));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    expect(std).toBeGreaterThan(0.46);
    expect(std).toBeLessThan(0.48);
    const bank = set.plan.banks.find((b) => b.layerCount > 1 && b.layerCount <= b.templates)!;
    const rows = set.plan.slots
      .filter((s) => s.bank === bank.id)
      .map((s) => Array.from(set.coefficient(s.id).variable.dataSync()));
    expect(rows.length).toBe(bank.layerCount);
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < rows.length; j++) {
        const dot = rows[i].reduce((s, v, k) => s + v * rows[j][k], 0);
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-5);
      }
    }
    set.dispose();
  });

  it('scales fan-in templates by the largest fan-in of the bank', () => {
    const provider = createSuperWeightsProvider(
      arch('wrn-10-1', small(3)),
      superWeightsConfig({ init: 'fanIn' }),
      2,
    );
    const banks = provider.parameters.filter((p) => p.name.startsWith('sw.bank'));
    const stem = Array.from(banks[0].variable.dataSync());
    expect(banks[0].name).toBe('sw.bank0_w0');
    expect(Math.max(...stem.map(Math.abs))).toBeLessThan(5 * Math.sqrt(2 / 16));
    provider.dispose();
    expect(banks[0].variable.isDisposed).toBe(true);
  });

  it('frees the banks only when the last member is disposed', () => {
    const set = createSuperWeights(
      [arch('wrn-10-2', small(3)), arch('wrn-10-1', small(3))],
      superWeightsConfig(),
      3,
    );
    set.members[0].dispose();
    expect(set.banks[0].variable.isDisposed).toBe(false);
    set.members[1].dispose();
    expect(set.banks[0].variable.isDisposed).toBe(true);
    set.dispose();
  });

  it('builds different weights from a different seed (a fresh main phase)', () => {
    const a = createSuperWeights([arch('wrn-10-1', small(3))], superWeightsConfig(), 1);
    const b = createSuperWeights([arch('wrn-10-1', small(3))], superWeightsConfig(), 2);
    expect(Array.from(a.banks[0].variable.dataSync())).not.toEqual(
      Array.from(b.banks[0].variable.dataSync()),
    );
    a.dispose();
    b.dispose();
  });
});
