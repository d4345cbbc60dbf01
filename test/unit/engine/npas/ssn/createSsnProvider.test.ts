import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../../src-main/engine/tf';
import { buildArchitecture } from '../../../../../src-main/engine/arch/registry';
import { buildDesign } from '../../../../../src-main/engine/arch/design';
import type { Architecture } from '../../../../../src-main/engine/arch/types';
import { tfjsWeightShape } from '../../../../../src-main/engine/npas/unshared';
import { budgetFromFraction, ssnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import type { SsnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import {
  createSearchProvider,
  createSsnProvider,
} from '../../../../../src-main/engine/npas/ssn/createSsnProvider';
import { ssnAccounting } from '../../../../../src-main/engine/npas/ssn/ssnAccounting';
import { expectNoLeaks } from '../../../../helpers/tensors';

const cifar = { classes: 10, input: { height: 32, width: 32, channels: 3 } };
const mnist = { classes: 10, input: { height: 28, width: 28, channels: 1 } };
const ARCHS: [string, () => Architecture][] = [
  ['WRN-10-2', () => buildArchitecture('wrn-10-2', cifar)],
  ['ResNet-20', () => buildArchitecture('resnet-20', cifar)],
  ['MLP', () => buildArchitecture('mlp', mnist)],
  ['CNN', () => buildArchitecture('cnn', mnist)],
  [
    'a user design',
    () =>
      buildDesign({
        input: { height: 8, width: 8, channels: 3 },
        classes: 5,
        layers: [
          { type: 'conv', filters: 8, kernel: 3 },
          { type: 'conv', filters: 8, kernel: 3 },
          { type: 'maxPool', size: 2 },
          { type: 'conv', filters: 16, kernel: 3 },
          { type: 'dense', units: 12 },
        ],
      }),
  ],
];

const numbers = (provider: { parameters: readonly { variable: tf.Variable }[] }) =>
  provider.parameters.reduce((sum, p) => sum + p.variable.size, 0);

describe('createSsnProvider', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const [label, build] of ARCHS) {
    for (const config of [
      { combiner: 'wavg', upsampler: 'inter', groups: 'single' },
      { combiner: 'emb', upsampler: 'mask', groups: 'type', budget: 0.4 },
      { combiner: 'avg', upsampler: 'repeat', groups: 'single' },
      { combiner: 'wavg', upsampler: 'wavg', groups: 'shape', budget: 1.2 },
    ] as (Partial<SsnConfig> & { budget?: number })[]) {
      it(`generates every ${label} layer in tfjs layout with counts equal to the accounting (${config.combiner}, ${config.upsampler}, ${config.groups})`, async () => {
        const arch = build();
        const full = ssnConfig({
          ...config,
          budget: budgetFromFraction(arch, config.budget ?? 0.1),
        });
        await expectNoLeaks(() => {
          const provider = createSsnProvider(arch, full, 7);
          const account = ssnAccounting(arch, full);
          expect(provider.accounting()).toEqual(account);
          const norms = arch.norms.reduce((s, n) => s + 2 * n.channels, 0);
          expect(numbers(provider) + norms).toBe(account.trainableParams);
          // Where every layer is alone (all shapes distinct) nothing is shared and less is used.
          const shared = account.groups.some((g) => g.layers.length > 1);
          if (shared) expect(account.budgetParams).toBe(full.budget);
          else expect(account.budgetParams).toBeLessThanOrEqual(full.budget as number);
          tf.tidy(() => {
            const weights = provider.generate();
            expect(weights).toHaveLength(arch.layers.length);
            arch.layers.forEach((layer, id) => {
              expect(weights[id].kernel.shape).toEqual(tfjsWeightShape(layer));
              expect(weights[id].bias !== undefined).toBe(
                account.groups[account.layers[id].group as number].layers.length === 1,
              );
              expect(Number.isFinite(tf.sum(weights[id].kernel).dataSync()[0])).toBe(true);
            });
          });
          provider.dispose();
        });
      });
    }
  }

  it('names parameters per group and layer and lets weight decay skip only coefficients', async () => {
    const arch = ARCHS[4][1]();
    await expectNoLeaks(() => {
      const provider = createSsnProvider(
        arch,
        ssnConfig({ budget: 3000, combiner: 'emb', groups: [0, 0, 1, 1, 2] }),
        1,
      );
      const names = provider.parameters.map((p) => p.name);
      expect(names).toContain('ssn.group0.store');
      expect(names).toContain('ssn.group1.store');
      expect(
        names.filter((n) => /^ssn\.group\d\.projection\d+\.(weight|bias)$/.test(n)).length,
      ).toBeGreaterThan(0);
      expect(names).toContain('ssn.layer0.coefficients');
      expect(names).toContain('ssn.layer4.weight');
      expect(names).toContain('ssn.layer4.bias');
      for (const p of provider.parameters) expect(p.decay).toBe(!p.name.includes('coefficients'));
      provider.dispose();
    });
  });

  it('makes same-shape K=1 layers identical tensors (ssn.md §8 B11) and differs with other seeds', async () => {
    const arch = buildArchitecture('wrn-16-2', cifar);
    await expectNoLeaks(() => {
      const provider = createSsnProvider(arch, ssnConfig({ budget: 30_000 }), 3);
      const other = createSsnProvider(arch, ssnConfig({ budget: 30_000 }), 4);
      tf.tidy(() => {
        const w = provider.generate();
        const layers = provider.plan.layers;
        const twins = layers.filter((l) => l.shape.join() === '128,128,3,3');
        expect(twins.every((l) => l.templates === 1 && l.resize === 'inter')).toBe(true);
        expect(twins.length).toBeGreaterThan(1);
        expect(w[twins[0].id].kernel).toBe(w[twins[1].id].kernel);
        const v = other.generate();
        expect(tf.max(tf.abs(tf.sub(v[0].kernel, w[0].kernel))).dataSync()[0]).toBeGreaterThan(0);
      });
      provider.dispose();
      other.dispose();
    });
  });

  it('builds the search model with one store, softmax coefficients and K=4 for every layer', async () => {
    const arch = ARCHS[4][1]();
    await expectNoLeaks(() => {
      const provider = createSearchProvider(
        arch,
        ssnConfig({ search: { budget: 2000, combiner: 'wavg' } }),
        1,
      );
      expect(provider.plan.search).toBe(true);
      expect(provider.plan.layers.every((l) => l.templates === 4 && l.end === 2000)).toBe(true);
      expect(provider.parameters.map((p) => p.name).filter((n) => n.includes('store'))).toEqual([
        'ssn.group0.store',
      ]);
      tf.tidy(() => {
        const w = provider.generate();
        arch.layers.forEach((layer, id) =>
          expect(w[id].kernel.shape).toEqual(tfjsWeightShape(layer)),
        );
      });
      provider.dispose();
    });
  });
});
