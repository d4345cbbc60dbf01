import { describe, expect, it } from 'vitest';
import {
  planSuperWeights,
  superWeightsAccounting,
  superWeightsConfig,
} from '../../../../../src-main/engine/npas/superweights';
import { arch, readmeEnsemble } from './fixtures';

describe('SuperWeights accounting', () => {
  it('counts 18,168,607 unique trainable parameters for the README pretraining build', () => {
    const config = superWeightsConfig({ budget: 18_000_000, coefficients: 'perBank' });
    const accounting = superWeightsAccounting(readmeEnsemble(), config);
    expect(accounting.method).toBe('superweights');
    expect(accounting.budgetParams).toBe(17_997_568);
    expect(accounting.trainableParams).toBe(18_168_607);
    expect(accounting.unsharedParams).toBe(35_006_544);
    expect(accounting.requestedBudget).toBe(18_000_000);
    expect(accounting.groups).toHaveLength(25);
    expect(accounting.groups.find((g) => g.detail?.name === '1_w4')).toMatchObject({
      storeParams: 532_224,
      detail: { templates: 7, segment: 76_032 },
    });
  });

  it('uses 25 coefficient vectors in the pretraining build and 105 on member 0 in the main phase', () => {
    const members = readmeEnsemble();
    const pretraining = planSuperWeights(
      members,
      superWeightsConfig({ budget: 18_000_000, coefficients: 'perBank' }),
    );
    expect(pretraining.slots).toHaveLength(25);
    const main = planSuperWeights(
      members,
      superWeightsConfig({ budget: 18_000_000, coefficients: 'perLayer' }),
    );
    const memberZero = new Set(
      main.members[0].layers.flatMap((l) => l?.pieces.map((p) => p.coefficient) ?? []),
    );
    expect(memberZero.size).toBe(105);
    // Without a coefficient map every (member, layer, level) owns its α: 260 in all.
    expect(main.slots).toHaveLength(260);
  });

  it("lists the first member's layers with their own coefficients", () => {
    const accounting = superWeightsAccounting(
      [arch('wrn-16-4')],
      superWeightsConfig({ budget: 500_000, allowOverrun: true, coefficients: 'perLayer' }),
    );
    expect(accounting.layers).toHaveLength(17);
    expect(accounting.layers[16]).toMatchObject({ name: 'classifier', detail: { shared: false } });
    const levels = accounting.layers.flatMap(
      (l) => (l.detail?.levels as { coefficient: number }[] | undefined) ?? [],
    );
    expect(new Set(levels.map((l) => l.coefficient)).size).toBe(levels.length);
    expect(accounting.warnings).toHaveLength(1);
  });

  it("matches the compute note's WRN-16-4 figure: 806,912 in banks and 813,130 trainable at 10 classes", () => {
    const wrn = arch('wrn-16-4', { classes: 10, input: { height: 32, width: 32, channels: 3 } });
    // A single network without --coefficient_share is built in the main-phase mode: own α per layer and level.
    const config = superWeightsConfig({
      budget: 500_000,
      allowOverrun: true,
      coefficients: 'perLayer',
    });
    const accounting = superWeightsAccounting([wrn], config);
    expect(accounting.budgetParams).toBe(806_912);
    expect(accounting.trainableParams).toBe(813_130);
  });
});
