// The Budget screen: moving the log slider or typing a budget recomputes the ledger, the badge
// follows the regime, and a budget below the method's minimum shows the error in place.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import BudgetScreen from '../../src-renderer/features/budget/BudgetScreen.svelte';
import { BudgetState, setBudget } from '../../src-renderer/features/budget/budgetState.svelte';
import { DesignState, setDesign } from '../../src-renderer/features/design/designState.svelte';
import { logScale, positionOf } from '../../src-renderer/lib/state/logScale';
import { createFakeApi, fakeInspect } from './fakes';
import ContextScope from '../../src-renderer/components/ContextScope.svelte';

function renderBudget(overrides: Parameters<typeof createFakeApi>[0] = {}) {
  const fake = createFakeApi(overrides);
  const design = new DesignState(fake.api, null, { delayMs: 1 });
  const budget = new BudgetState(fake.api, design, { delayMs: 1 });
  render(ContextScope, {
    props: {
      component: BudgetScreen as never,
      provide: () => {
        setDesign(design);
        setBudget(budget);
        design.track();
        budget.track();
      },
    },
  });
  return { fake, budget };
}

describe('BudgetScreen', () => {
  afterEach(() => cleanup());

  it('recomputes the ledger as the slider moves', async () => {
    const { budget } = renderBudget();
    // 10% of the fake's 10,000 unshared parameters.
    await waitFor(() => expect(screen.getByTestId('ledger-budget').textContent).toContain('1,000'));
    expect(screen.getByText('low budget')).toBeTruthy();

    const slider = screen.getByRole('slider', { name: 'Budget slider' });
    const scale = logScale(budget.sliderMin, budget.sliderMax);
    await fireEvent.input(slider, { target: { value: String(positionOf(scale, 20_000)) } });
    // One slider step is 0.8% on this 10–40,000 range, so the budget lands within 1%.
    await waitFor(() => {
      const shown = Number(
        /[\d,]+/.exec(screen.getByTestId('ledger-budget').textContent!)![0].replace(/,/g, ''),
      );
      expect(Math.abs(shown - 20_000)).toBeLessThan(200);
    });
    expect(screen.getByText('high budget')).toBeTruthy();
    expect(budget.unit).toBe('percent');
    expect(budget.value).toBeGreaterThan(199);
  });

  it('takes a typed budget in parameters', async () => {
    renderBudget();
    await fireEvent.change(screen.getByRole('combobox', { name: 'Budget unit' }), {
      target: { value: 'params' },
    });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Budget' }), {
      target: { value: '2500' },
    });
    await waitFor(() => expect(screen.getByTestId('ledger-budget').textContent).toContain('2,500'));
    expect(screen.getByTestId('ledger-trainable').textContent).toContain('2,600');
    expect(screen.getByRole('table', { name: 'Layer ledger' }).textContent).toContain('conv1');
  });

  it("shows a budget below the method's minimum in place", async () => {
    renderBudget({
      inspect: async (config) => {
        if (config.method === 'superweights') {
          throw Object.assign(
            new Error('inspect: budget 1,000 is below the minimum of 23,184 parameters'),
            {
              method: 'inspect',
            },
          );
        }
        return fakeInspect(config);
      },
    });
    await fireEvent.click(screen.getByRole('radio', { name: 'SuperWeights' }));
    const alert = await screen.findByRole('alert', { name: 'Budget error' });
    expect(alert.textContent).toBe('budget 1,000 is below the minimum of 23,184 parameters');
    expect(screen.getByRole('group', { name: 'SuperWeights options' })).toBeTruthy();
  });
});
