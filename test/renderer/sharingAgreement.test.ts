// One sharing description, drawn alike (issue #12 item 1): the Budget screen's ledger and the
// Sharing inspector show the same banks (SuperWeights) with the same members and sizes when
// they are given the same description, and the ledger numbers a layer by its cluster and the
// banks it draws on (never a bank id read as a group).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import type { SharingDescriptionWire } from '../../src-main/contract/appApi';
import BudgetScreen from '../../src-renderer/features/budget/BudgetScreen.svelte';
import SharingScreen from '../../src-renderer/features/sharing/SharingScreen.svelte';
import { BudgetState, setBudget } from '../../src-renderer/features/budget/budgetState.svelte';
import { DesignState, setDesign } from '../../src-renderer/features/design/designState.svelte';
import ContextScope from '../../src-renderer/components/ContextScope.svelte';
import { createFakeApi, fakeInspect } from './fakes';
import { createFakeRunsApi, settle } from './fakesRuns';

/** Two clusters over three conv layers, two width levels: banks 0–2; the classifier is own. */
const DESCRIPTION: SharingDescriptionWire = {
  method: 'superweights',
  unitKind: 'bank',
  units: [
    {
      id: 0,
      label: 'bank 0 (cluster 0, width level 0)',
      cluster: 0,
      level: 0,
      layers: [0],
      params: 720,
      layerParams: 432,
      templates: 2,
    },
    {
      id: 1,
      label: 'bank 1 (cluster 1, width level 0)',
      cluster: 1,
      level: 0,
      layers: [1, 2],
      params: 4608,
      layerParams: 9216,
      templates: 3,
    },
    {
      id: 2,
      label: 'bank 2 (cluster 1, width level 1)',
      cluster: 1,
      level: 1,
      layers: [2],
      params: 1536,
      layerParams: 4608,
      templates: 1,
    },
  ],
  layers: [
    {
      id: 0,
      name: 'stem',
      shape: [16, 3, 3, 3],
      params: 432,
      units: [0],
      cluster: 0,
      templates: 2,
    },
    {
      id: 1,
      name: 'block1.conv1',
      shape: [16, 16, 3, 3],
      params: 2304,
      units: [1],
      cluster: 1,
      templates: 3,
    },
    {
      id: 2,
      name: 'block1.conv2',
      shape: [32, 16, 3, 3],
      params: 4608,
      units: [1, 2],
      cluster: 1,
      templates: 4,
    },
    {
      id: 3,
      name: 'classifier',
      shape: [10, 32],
      params: 330,
      units: [],
      cluster: null,
      templates: null,
    },
  ],
  unitParams: 6864,
};

function rowsOf(table: HTMLElement): string[][] {
  return [...table.querySelectorAll('tbody tr')].map((row) =>
    [...row.children].map((cell) => cell.textContent!.trim()),
  );
}

afterEach(() => cleanup());

describe('one sharing description on both screens', () => {
  it('draws the same banks on the Budget screen and in the Sharing inspector', async () => {
    const fake = createFakeApi({
      inspect: async (config) => ({ ...fakeInspect(config), sharing: DESCRIPTION }),
    });
    const design = new DesignState(fake.api, null, { delayMs: 1 });
    const budget = new BudgetState(fake.api, design, { delayMs: 1 });
    budget.method = 'superweights';
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
    await waitFor(() => expect(screen.getByRole('table', { name: 'Banks' })).toBeTruthy());
    const budgetRows = rowsOf(screen.getByRole('table', { name: 'Banks' }));
    expect(budgetRows.map((r) => r[0])).toEqual(DESCRIPTION.units.map((u) => u.label));
    expect(budgetRows.map((r) => r[3])).toEqual(['720', '4,608', '1,536']);
    expect(budgetRows[1][6]).toBe('block1.conv1, block1.conv2');
    const layers = [...screen.getAllByTestId('layer-units')].map((c) => c.textContent!.trim());
    expect(layers).toEqual([
      'cluster 0: bank 0 (of 720)',
      'cluster 1: bank 1 (of 4,608)',
      'cluster 1: banks 1, 2 (of 4,608 + 1,536)',
      '—',
    ]);
    cleanup();

    const api = createFakeRunsApi(1);
    api.sharing.set('run-00000', {
      runId: 'run-00000',
      method: 'superweights',
      stages: [
        {
          stage: 'main',
          layers: DESCRIPTION.layers.map((l) => ({
            layerId: l.id,
            layerName: l.name,
            groupId: l.cluster ?? l.id,
            shape: l.shape,
            params: l.params,
            templates: l.templates,
            detail: {},
          })),
          sharing: DESCRIPTION,
        },
      ],
      coefficients: [],
      checkpoint: null,
      notes: [],
    });
    const { container } = render(SharingScreen, { api, runId: 'run-00000' });
    await settle();
    expect(rowsOf(screen.getByRole('table', { name: 'Banks' }))).toEqual(budgetRows);
    // The map's columns are the two clusters; the classifier keeps its own weights.
    const map = screen.getByRole('table', { name: 'Layers by groups' });
    expect([...map.querySelectorAll('thead button')].map((b) => b.textContent!.trim())).toEqual([
      '0',
      '1',
    ]);
    expect(screen.getByTestId('own-layers').textContent).toContain('classifier');
    expect(container.textContent?.replace(/\s+/g, ' ')).toContain(
      'superweights: 3 shared layers in 2 clusters, 3 banks',
    );
  });
});
