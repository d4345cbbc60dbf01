// BudgetState: the ledger follows the slider through `inspect` (debounced, stale answers
// dropped), the budget converts between parameters and percent, and errors show in place.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { InspectReportWire, RunConfigInput } from '../../src-main/contract/appApi';
import { BudgetState } from '../../src-renderer/features/budget/budgetState.svelte';
import { DesignState } from '../../src-renderer/features/design/designState.svelte';
import { createFakeApi, fakeInspect, settle } from './fakes';

function setup(inspect?: (config: RunConfigInput) => Promise<InspectReportWire>) {
  const fake = createFakeApi(inspect ? { inspect } : {});
  const design = new DesignState(fake.api, null, { delayMs: 0 });
  const budget = new BudgetState(fake.api, design, { delayMs: 5 });
  const cleanup = $effect.root(() => {
    design.track();
    budget.track();
  });
  return { fake, design, budget, cleanup };
}

describe('BudgetState', () => {
  it("recomputes the ledger when the budget moves, with the report's totals", async () => {
    const { fake, budget, cleanup } = setup();
    budget.unit = 'params';
    budget.value = 2500;
    flushSync();
    await settle(20);
    expect(budget.ledgerBudget).toBe(2500);
    expect(budget.ledgerTrainable).toBe(2600);
    expect(budget.ledgerOverhead).toBe(100);
    expect(budget.sharing?.unitParams).toBe(2500);
    expect(budget.ledgerRatio).toBeCloseTo(0.25);
    expect(budget.regime).toBe('low');

    budget.setParams(40_000);
    flushSync();
    await settle(20);
    expect(budget.ledgerBudget).toBe(40_000);
    expect(budget.regime).toBe('high');
    const sent = fake.calls.inspect!.at(-1)![0] as RunConfigInput;
    expect(sent.budget).toBe(40_000);
    expect(sent.method).toBe('ssn');
    expect(sent.ssn).toEqual({
      combiner: 'wavg',
      upsampler: 'inter',
      groups: 'single',
      init: 'reference',
    });
    cleanup();
  });

  it('debounces a burst of slider moves into one inspect call', async () => {
    const { fake, budget, cleanup } = setup();
    await settle(20);
    const before = fake.calls.inspect?.length ?? 0;
    budget.unit = 'params';
    for (const v of [1000, 2000, 3000, 4000, 5000]) {
      budget.value = v;
      flushSync();
    }
    await settle(20);
    expect(fake.calls.inspect!.length - before).toBe(1);
    expect(budget.ledgerBudget).toBe(5000);
    cleanup();
  });

  it('drops a slow answer that arrives after a newer one', async () => {
    // The first request answers late; the second answers at once.
    const delays = [40, 0];
    const { budget, cleanup } = setup(async (config) => {
      const delay = delays.shift() ?? 0;
      await settle(delay);
      return fakeInspect(config);
    });
    await settle(60); // the initial request (10% of 10,000) consumed a 40 ms delay
    budget.unit = 'params';
    delays.unshift(50, 0);
    budget.value = 1111;
    flushSync();
    await settle(10); // 1111 sent, answering in 50 ms
    budget.value = 2222;
    flushSync();
    await settle(20); // 2222 sent and answered
    expect(budget.ledgerBudget).toBe(2222);
    await settle(60); // the stale 1111 answer arrives and is ignored
    expect(budget.ledgerBudget).toBe(2222);
    cleanup();
  });

  it('converts between parameters and percent of the unshared count', async () => {
    const { budget, cleanup } = setup();
    await settle(20);
    expect(budget.unsharedParams).toBe(10_000);
    expect(budget.unit).toBe('percent');
    expect(budget.budgetParams).toBe(1000);
    budget.setUnit('params');
    expect(budget.value).toBe(1000);
    budget.setParams(2500);
    budget.setUnit('percent');
    expect(budget.value).toBe(25);
    cleanup();
  });

  it("shows a budget below the method's minimum in place, not as a crash", async () => {
    const { budget, cleanup } = setup(async (config) => {
      if (config.method === 'superweights' && config.budget === 100) {
        throw Object.assign(
          new Error(
            'inspect: budget 100 is below the minimum of 23,184 parameters (one template per bank, 3 banks)',
          ),
          { method: 'inspect' },
        );
      }
      return fakeInspect(config);
    });
    budget.method = 'superweights';
    budget.unit = 'params';
    budget.value = 100;
    flushSync();
    await settle(20);
    expect(budget.error).toBe(
      'budget 100 is below the minimum of 23,184 parameters (one template per bank, 3 banks)',
    );
    budget.value = 30_000;
    flushSync();
    await settle(20);
    expect(budget.error).toBeNull();
    expect(budget.ledgerBudget).toBe(30_000);
    cleanup();
  });
});
