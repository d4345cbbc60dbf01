import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../src-main/engine/tf';
import { Sgd } from '../../../../src-main/engine/train/optimizer';
import type { Parameter } from '../../../../src-main/engine/npas/provider';
import { expectNoLeaks } from '../../../helpers/tensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function param(name: string, values: number[], decay = true): Parameter {
  return { name, variable: tf.variable(tf.tensor1d(values)), decay };
}

describe('Sgd', () => {
  it('matches torch.optim.SGD with Nesterov momentum and weight decay over three steps', async () => {
    // Hand-computed with PyTorch's rule: g' = g + wd·p; b = μ·b + g' (b = g' at step 1);
    // p -= lr·(g' + μ·b).
    const p = param('w', [1, -2]);
    let value = [1, -2];
    let buffer: number[] | null = null;
    await expectNoLeaks(() => {
      const sgd = new Sgd([p], { momentum: 0.9, nesterov: true, weightDecay: 0.1, noDecay: [] });
      for (let step = 0; step < 3; step++) {
        const g = [0.5, 0.25];
        const grad = tf.tensor1d(g);
        sgd.step(new Map([['w', grad]]), 0.1);
        grad.dispose();
        const gd = g.map((gi, i) => gi + 0.1 * value[i]);
        buffer = buffer ? buffer.map((b, i) => 0.9 * b + gd[i]) : gd;
        value = value.map((v, i) => v - 0.1 * (gd[i] + 0.9 * buffer![i]));
      }
      sgd.dispose();
    });
    const got = Array.from(p.variable.dataSync());
    got.forEach((v, i) => expect(v).toBeCloseTo(value[i], 6));
    p.variable.dispose();
  });

  it('skips weight decay for coefficients and for names listed in noDecay', () => {
    const coefficients = param('ssn.layer1.coefficients', [1], false);
    const bias = param('layer3.bias', [1]);
    const weight = param('layer3.weight', [1]);
    const sgd = new Sgd([coefficients, bias, weight], {
      momentum: 0,
      nesterov: false,
      weightDecay: 0.5,
      noDecay: ['bias'],
    });
    expect(sgd.decays('ssn.layer1.coefficients')).toBe(false);
    expect(sgd.decays('layer3.bias')).toBe(false);
    expect(sgd.decays('layer3.weight')).toBe(true);
    const zero = tf.zeros([1]);
    sgd.step(
      new Map([
        ['ssn.layer1.coefficients', zero],
        ['layer3.bias', zero],
        ['layer3.weight', zero],
      ]),
      1,
    );
    expect(coefficients.variable.dataSync()[0]).toBe(1);
    expect(bias.variable.dataSync()[0]).toBe(1);
    expect(weight.variable.dataSync()[0]).toBeCloseTo(0.5, 6);
    tf.dispose([zero, coefficients.variable, bias.variable, weight.variable]);
    sgd.dispose();
  });

  it('adds only parameters it does not know yet, with fresh momentum and their own decay rule', () => {
    const w = param('w', [1]);
    const alpha = param('sw.alpha7', [2], false);
    const sgd = new Sgd([w], { momentum: 0.9, nesterov: false, weightDecay: 0.5, noDecay: [] });
    const grad = tf.tensor1d([1]);
    sgd.step(new Map([['w', grad]]), 0.1);
    expect(sgd.addParameters([w, alpha])).toBe(1);
    expect(sgd.addParameters([w, alpha])).toBe(0);
    expect(sgd.decays('sw.alpha7')).toBe(false);
    // w keeps its buffer (b = 0.9·1.5 + 1.425 = 2.775, w = 0.85 − 0.2775); alpha starts one (b = g).
    sgd.step(
      new Map([
        ['w', grad],
        ['sw.alpha7', grad],
      ]),
      0.1,
    );
    expect(w.variable.dataSync()[0]).toBeCloseTo(0.85 - 0.1 * (0.9 * 1.5 + (1 + 0.5 * 0.85)), 6);
    expect(alpha.variable.dataSync()[0]).toBeCloseTo(2 - 0.1, 6);
    expect([...sgd.buffers().keys()]).toEqual(['w', 'sw.alpha7']);
    tf.dispose([grad, w.variable, alpha.variable]);
    sgd.dispose();
  });
});
