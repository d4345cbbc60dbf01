// The Budget screen says what is wrong in plain words (issue #12 item 4): a budget of -5 is
// marked in place without asking the engine (no "invalid arguments: 0.budget" text), a refused
// budget or method clears the ledger of the previous one, and when the engine advises allowing a
// SuperWeights overrun the screen offers that switch.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { RunConfigInput } from '../../src-main/contract/appApi';
import BudgetScreen from '../../src-renderer/features/budget/BudgetScreen.svelte';
import { plural } from '../../src-renderer/components/format';
import ContextScope from '../../src-renderer/components/ContextScope.svelte';
import { BudgetState, setBudget } from '../../src-renderer/features/budget/budgetState.svelte';
import { DesignState, setDesign } from '../../src-renderer/features/design/designState.svelte';
import { createFakeApi, fakeInspect } from './fakes';

const OVERRUN =
  'budget 1,000 leaves a bank with no template: raise the budget to at least 4,000, use fewer bins, or allow the overrun';

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

/** An inspect that refuses SuperWeights below 40% with the engine's overrun advice. */
async function inspect(config: RunConfigInput) {
  const sw = config.superweights as { allowOverrun?: boolean } | undefined;
  if (config.method === 'superweights' && !sw?.allowOverrun) {
    throw Object.assign(new Error(`inspect: ${OVERRUN}`), { method: 'inspect' });
  }
  return fakeInspect(config);
}

afterEach(() => cleanup());

describe('Budget screen errors', () => {
  it('marks a negative budget in place, in plain words, without asking the engine', async () => {
    const { fake } = renderBudget();
    await waitFor(() => expect(screen.getByTestId('ledger-budget').textContent).toContain('1,000'));
    const calls = fake.calls.inspect!.length;
    const amount = screen.getByRole('spinbutton', { name: 'Budget' });
    await fireEvent.input(amount, { target: { value: '-5' } });
    const alert = await screen.findByRole('alert', { name: 'Budget error' });
    expect(alert.textContent).toContain('The budget must be above 0%');
    expect(alert.textContent).not.toMatch(/invalid arguments|0\.budget/);
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    // The ledger of the last valid budget is gone.
    expect(screen.getByTestId('ledger-budget').textContent!.trim()).toBe('—');
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.calls.inspect!.length).toBe(calls);
  });

  it('clears the SSN ledger when SuperWeights is refused, and offers to allow the overrun', async () => {
    const { fake } = renderBudget({ inspect });
    await waitFor(() => expect(screen.getByTestId('ledger-budget').textContent).toContain('1,000'));
    await fireEvent.click(screen.getByRole('radio', { name: /SuperWeights/ }));
    const alert = await screen.findByRole('alert', { name: 'Budget error' });
    await waitFor(() => expect(alert.textContent).toContain('allow the overrun'));
    expect(screen.getByTestId('ledger-budget').textContent!.trim()).toBe('—');
    expect(screen.queryByRole('table', { name: 'Groups' })).toBeNull();

    await fireEvent.click(screen.getByRole('checkbox', { name: /Allow the overrun/ }));
    await waitFor(() => expect(screen.getByTestId('ledger-budget').textContent).toContain('1,000'));
    const sent = fake.calls.inspect!.at(-1)![0] as RunConfigInput;
    expect((sent.superweights as { allowOverrun?: boolean }).allowOverrun).toBe(true);
    expect(screen.queryByRole('alert', { name: 'Budget error' })).toBeNull();
  });

  it('counts in words with the right plural', () => {
    expect(plural(1, 'group')).toBe('1 group');
    expect(plural(2, 'group')).toBe('2 groups');
    expect(plural(201_728, 'parameter')).toBe('201,728 parameters');
  });
});
