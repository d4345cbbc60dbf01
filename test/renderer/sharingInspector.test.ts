import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import SharingScreen from '../../src-renderer/features/sharing/SharingScreen.svelte';
import {
  changedLayers,
  coefficientBound,
  coefficientRows,
  divergingColor,
  orderStages,
  sharingGrid,
} from '../../src-renderer/features/sharing/sharingModel';
import { SharingState } from '../../src-renderer/features/sharing/sharingState.svelte';
import type { SharingReport, SharingStageWire } from '../../src-renderer/features/runs/runsClient';
import { createFakeRunsApi, settle } from './fakesRuns';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

/** A stage of `groupOf.length` layers, layer i in group groupOf[i] (an SSN description). */
function stage(name: string, groupOf: number[]): SharingStageWire {
  const groups = [...new Set(groupOf)].sort((a, b) => a - b);
  const units = groups.map((groupId) => {
    const layers = groupOf.flatMap((g, i) => (g === groupId ? [i] : []));
    return {
      id: groupId,
      label: `group ${groupId}`,
      cluster: null,
      level: null,
      layers,
      params: 1000 + groupId,
      layerParams: 2304 * layers.length,
      templates: 2,
    };
  });
  return {
    stage: name,
    layers: groupOf.map((groupId, layerId) => ({
      layerId,
      layerName: `conv${layerId}`,
      groupId,
      shape: [16, 16, 3, 3],
      params: 2304,
      templates: 2,
      detail: {},
    })),
    sharing: {
      method: 'ssn',
      unitKind: 'group',
      units,
      layers: groupOf.map((groupId, id) => ({
        id,
        name: `conv${id}`,
        shape: [16, 16, 3, 3],
        params: 2304,
        units: [groupId],
        cluster: groupId,
        templates: 2,
      })),
      unitParams: units.reduce((sum, u) => sum + u.params, 0),
    },
  };
}

function report(): SharingReport {
  return {
    runId: 'run-00001',
    method: 'ssn',
    // Stored alphabetically, as the database returns them.
    stages: [stage('main', [5, 5, 5, 7, 9]), stage('search', [0, 0, 0, 1, 1])],
    coefficients: [
      { name: 'ssn.layer0.coefficients', layerId: 0, groupId: 5, shape: [2], values: [0.5, -1] },
      {
        name: 'ssn.layer3.coefficients',
        layerId: 3,
        groupId: 7,
        shape: [2, 2],
        values: [2, 0, -0.5, 1],
      },
    ],
    checkpoint: 'runs/run-00001/epoch-3.ckpt',
    notes: [],
  };
}

describe('sharing model', () => {
  it('orders stages as training runs them', () => {
    const names = orderStages(
      ['unsharing:12', 'main', 'unsharing:3', 'search'].map((s) => stage(s, [0])),
    ).map((s) => s.stage);
    expect(names).toEqual(['search', 'main', 'unsharing:3', 'unsharing:12']);
  });

  it('puts each layer in its group column', () => {
    const grid = sharingGrid(stage('main', [5, 5, 7, 7, 9]));
    expect(grid.groups).toEqual([5, 7, 9]);
    expect(grid.rows.map((r) => r.column)).toEqual([0, 0, 1, 1, 2]);
  });

  it('flags layers whose sharing partners changed, not renumbered groups', () => {
    const search = stage('search', [0, 0, 0, 1, 1]);
    expect([...changedLayers(search, stage('main', [5, 5, 5, 7, 7]))]).toEqual([]);
    expect([...changedLayers(search, stage('main', [5, 5, 5, 7, 9]))]).toEqual([3, 4]);
    expect([...changedLayers(search, stage('main', [5, 5, 7, 7, 9]))]).toEqual([0, 1, 2, 3, 4]);
    expect(changedLayers(undefined, search).size).toBe(0);
  });

  it('turns coefficient vectors into heat-map rows with a symmetric bound', () => {
    const rows = coefficientRows(report(), report().stages[0]);
    expect(rows).toEqual([
      { label: 'conv0', layerId: 0, values: [0.5, -1] },
      { label: 'conv3[0]', layerId: 3, values: [2, 0] },
      { label: 'conv3[1]', layerId: 3, values: [-0.5, 1] },
    ]);
    expect(coefficientBound(rows)).toBe(2);
    expect(divergingColor(0, 2)).toBe('rgb(247, 247, 247)');
    expect(divergingColor(-2, 2)).toBe('rgb(33, 102, 172)');
    expect(divergingColor(5, 2)).toBe('rgb(178, 24, 43)');
  });
});

describe('SharingState', () => {
  it('drops the answer for a run no longer shown', async () => {
    let release: (r: SharingReport) => void = () => {};
    const api = {
      getSharing: (runId: string) =>
        runId === 'slow'
          ? new Promise<SharingReport>((resolve) => (release = resolve))
          : Promise.resolve(report()),
    };
    const state = new SharingState(api);
    const slow = state.load('slow');
    await state.load('run-00001');
    release({ ...report(), runId: 'slow', method: 'superweights' });
    await slow;
    expect(state.report?.runId).toBe('run-00001');
    expect(state.stage?.stage).toBe('main');
    expect(state.previousStage?.stage).toBe('search');
  });
});

describe('the sharing inspector', () => {
  it('draws one coloured cell per layer, in its group column, and marks changed layers', async () => {
    const api = createFakeRunsApi(3);
    api.sharing.set('run-00001', report());
    const { container } = render(SharingScreen, { api, runId: 'run-00001' });
    await settle();
    const map = screen.getByRole('table', { name: 'Layers by groups' });
    const rows = [...map.querySelectorAll('tbody tr')];
    expect(rows).toHaveLength(5);
    const cells = rows.map((row) => {
      const tds = [...row.querySelectorAll('td')];
      return [
        tds.findIndex((td) => td.classList.contains('member')),
        tds.filter((td) => td.classList.contains('member')).length,
      ];
    });
    expect(cells).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    expect(rows.map((r) => r.querySelector('td.member')?.getAttribute('data-group'))).toEqual([
      '5',
      '5',
      '5',
      '7',
      '9',
    ]);
    expect(
      rows
        .filter((r) => r.classList.contains('changed'))
        .map((r) => r.getAttribute('data-layer-id')),
    ).toEqual(['3', '4']);
    const groups = screen.getByRole('table', { name: 'Groups' });
    expect([...groups.querySelectorAll('tbody tr')].map((r) => r.children[3].textContent)).toEqual([
      '1,005',
      '1,007',
      '1,009',
    ]);
    expect(container.textContent?.replace(/\s+/g, ' ')).toContain('2 layers changed since search');

    await fireEvent.click(screen.getByRole('radio', { name: 'search' }));
    const after = [
      ...screen.getByRole('table', { name: 'Layers by groups' }).querySelectorAll('tbody tr'),
    ];
    expect(after.map((r) => r.querySelector('td.member')?.getAttribute('data-group'))).toEqual([
      '0',
      '0',
      '0',
      '1',
      '1',
    ]);
    expect(after.some((r) => r.classList.contains('changed'))).toBe(false);
  });

  it('says what went wrong when the sharing cannot be read', async () => {
    const api = createFakeRunsApi(1);
    render(SharingScreen, { api, runId: 'run-00000' });
    await settle();
    expect(screen.getByRole('alert').textContent).toBe("getSharing: no sharing for 'run-00000'");
  });
});
