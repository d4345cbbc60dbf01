import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../../src-main/engine/tf';
import { buildArchitecture } from '../../../../../src-main/engine/arch/registry';
import { createRng } from '../../../../../src-main/engine/random';
import { ssnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import {
  createSearchProvider,
  createSsnProvider,
} from '../../../../../src-main/engine/npas/ssn/createSsnProvider';
import { kmeans } from '../../../../../src-main/engine/npas/ssn/kmeans';
import { learnGroups, searchFeatures } from '../../../../../src-main/engine/npas/ssn/learnGroups';
import { expectNoLeaks } from '../../../../helpers/tensors';

const arch = buildArchitecture('wrn-16-2', {
  classes: 10,
  input: { height: 8, width: 8, channels: 3 },
});
const config = (combiner: 'wavg' | 'emb') => ssnConfig({ search: { budget: 20_000, combiner } });

describe('learnGroups', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('finds well-separated clusters with k-means++, the same for the same seed', () => {
    const rng = createRng(4);
    const centres = [
      [0, 0],
      [10, 0],
      [0, 10],
    ];
    const points = Array.from({ length: 30 }, (_, i) =>
      centres[i % 3].map((c) => c + rng.normal() * 0.3),
    );
    const result = kmeans(points, 3, createRng(1));
    points.forEach((_, i) => expect(result.labels[i]).toBe(result.labels[i % 3]));
    expect(new Set(result.labels).size).toBe(3);
    expect(kmeans(points, 3, createRng(1)).labels).toEqual(result.labels);
  });

  it('clusters the raw alpha of the search model (L x 4) into k groups numbered by first appearance', async () => {
    await expectNoLeaks(async () => {
      const provider = createSearchProvider(arch, config('wavg'), 1);
      // Two clear clusters of coefficient rows: even layers near e1, odd layers near e4.
      provider.plan.layers.forEach((layer) => {
        const row = layer.id % 2 === 0 ? [3, 0, 0, 0] : [0, 0, 0, 3];
        tf.tidy(() =>
          provider.variables.coefficients[layer.id]?.assign(
            tf.tensor1d(row.map((v) => v + layer.id * 1e-3)),
          ),
        );
      });
      expect((await searchFeatures(provider))[0]).toHaveLength(4);
      const groups = await learnGroups(provider, 2, 7);
      expect(groups).toEqual(arch.layers.map((l) => l.id % 2));
      expect(await learnGroups(provider, 2, 7)).toEqual(groups);
      const real = createSsnProvider(arch, ssnConfig({ budget: 50_000, groups }), 1);
      expect(real.accounting().groups).toHaveLength(2);
      real.dispose();
      provider.dispose();
    });
  });

  it('clusters phi (L x 24) for Emb and gives every layer its own group when L ≤ k', async () => {
    await expectNoLeaks(async () => {
      const provider = createSearchProvider(arch, config('emb'), 2);
      expect((await searchFeatures(provider))[0]).toHaveLength(24);
      const groups = await learnGroups(provider, 3, 1);
      expect(new Set(groups).size).toBe(3);
      expect(groups[0]).toBe(0);
      const L = arch.layers.length;
      expect(await learnGroups(provider, L, 1)).toEqual(Array.from({ length: L }, (_, i) => i));
      await expect(learnGroups(provider, 0, 1)).rejects.toThrow(/group count 0/);
      provider.dispose();
    });
  });

  it('refuses a normal SSN provider', async () => {
    await expectNoLeaks(async () => {
      const provider = createSsnProvider(arch, ssnConfig({ budget: 50_000 }), 1);
      await expect(learnGroups(provider, 2, 1)).rejects.toThrow(/needs the search provider/);
      provider.dispose();
    });
  });
});
