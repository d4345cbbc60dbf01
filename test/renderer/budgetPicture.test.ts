// The budget as a picture (issue #12 item 11): bars of the unshared network, the budget and the
// trainable numbers on one scale that move with the slider, one segment per group or bank sized
// by its parameters, and the past runs of the same architecture and dataset as accuracy-vs-budget
// points with each method's frontier and the chosen budget marked.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import BudgetScreen from '../../src-renderer/features/budget/BudgetScreen.svelte';
import {
  layerSegments,
  pastRunPoints,
  totalBars,
  unitSegments,
} from '../../src-renderer/features/budget/budgetPicture';
import ContextScope from '../../src-renderer/components/ContextScope.svelte';
import { BudgetState, setBudget } from '../../src-renderer/features/budget/budgetState.svelte';
import { DesignState, setDesign } from '../../src-renderer/features/design/designState.svelte';
import { createFakeApi, fakeInspect } from './fakes';
import { makeRunRow } from './fakesRuns';

afterEach(() => cleanup());

const ROWS = [
  makeRunRow(0, { arch: 'cnn', method: 'ssn', budgetParams: 2_000, bestTestTop1: 0.6 }),
  makeRunRow(1, { arch: 'cnn', method: 'ssn', budgetParams: 5_000, bestTestTop1: 0.7 }),
  makeRunRow(2, { arch: 'cnn', method: 'unshared', budgetParams: 10_000, bestTestTop1: 0.8 }),
  makeRunRow(3, { arch: 'mlp', method: 'ssn', budgetParams: 3_000, bestTestTop1: 0.9 }),
  makeRunRow(4, { arch: 'cnn', method: 'ssn', budgetParams: 3_000, bestTestTop1: null }),
  makeRunRow(5, { arch: 'cnn', method: 'ssn', dataset: '/data/other', budgetParams: 3_000 }),
];

describe('budget picture helpers', () => {
  it('puts the unshared, budget and trainable counts on one scale', () => {
    const bars = totalBars(fakeInspect({ arch: 'cnn', method: 'ssn', budget: 2500 }));
    expect(bars.map((b) => [b.key, b.params, b.fraction])).toEqual([
      ['unshared', 10_000, 1],
      ['budget', 2500, 0.25],
      ['trainable', 2600, 0.26],
    ]);
  });

  it('sizes one segment per unit by its share of the units', () => {
    const { sharing } = fakeInspect({ arch: 'cnn', method: 'ssn', budget: 2500 });
    expect(unitSegments(sharing)).toEqual([
      { id: 0, label: 'group 0', params: 2500, fraction: 1, colorKey: 0 },
    ]);
    expect(unitSegments(null)).toEqual([]);
  });

  it('sizes one segment per layer by its unshared parameters, coloured by the unit it draws on', () => {
    const { sharing } = fakeInspect({ arch: 'cnn', method: 'superweights', budget: 2500 });
    expect(layerSegments(sharing)).toEqual([
      { id: 0, name: 'conv1', params: 144, fraction: 0.0144, colorKey: 0, drawsOn: 'bank 0' },
      { id: 1, name: 'fc', params: 9856, fraction: 0.9856, colorKey: 0, drawsOn: 'bank 0' },
    ]);
    const own = layerSegments(fakeInspect({ arch: 'cnn', method: 'unshared' }).sharing);
    expect(own.map((l) => [l.colorKey, l.drawsOn])).toEqual([
      [null, 'own weights'],
      [null, 'own weights'],
    ]);
    expect(layerSegments(null)).toEqual([]);
  });

  it('keeps past runs of the same architecture and dataset that have a test accuracy', () => {
    expect(pastRunPoints(ROWS, 'cnn', 'sample').map((p) => p.id)).toEqual([
      'run-00000',
      'run-00001',
      'run-00002',
    ]);
    expect(pastRunPoints(ROWS, 'cnn', null)).toHaveLength(4);
  });
});

describe('the Budget screen picture', () => {
  it('moves with the budget and marks it among the past runs', async () => {
    const fake = createFakeApi({ listRuns: async () => ({ rows: ROWS, total: ROWS.length }) });
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
    const budgetBar = () =>
      screen.getByTestId('budget-picture').querySelector<HTMLElement>('.fill.budget')!;
    await waitFor(() => expect(budgetBar().style.width).toBe('10.00%'));
    expect(screen.getByRole('list', { name: 'Budget by unit' }).children).toHaveLength(1);
    const byLayer = screen.getByRole('list', { name: 'Network by layer' });
    expect([...byLayer.children].map((c) => c.getAttribute('aria-label'))).toEqual([
      'conv1: 144, group 0',
      'fc: 9,856, group 0',
    ]);
    // Past cnn runs on no particular dataset (no run form here): four points, two methods.
    const scatter = await screen.findByRole('img', { name: /against budget parameters/ });
    expect(scatter.querySelectorAll('circle')).toHaveLength(4);
    expect(scatter.querySelector('line.marker')?.getAttribute('data-budget')).toBe('1000');

    await fireEvent.change(screen.getByRole('combobox', { name: 'Budget unit' }), {
      target: { value: 'params' },
    });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Budget' }), {
      target: { value: '4000' },
    });
    await waitFor(() => expect(budgetBar().style.width).toBe('40.00%'));
    expect(scatter.querySelector('line.marker')?.getAttribute('data-budget')).toBe('4000');
    expect(fake.calls.listRuns!.length).toBe(1);
  });
});
