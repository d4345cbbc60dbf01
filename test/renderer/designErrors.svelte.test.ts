// An emptied layer field is said in plain words beside the layer (issue #12 item 4): before, the
// empty value went to the server and came back as the toast "describeDesign failed: invalid
// arguments: 0.design.layers.0.filters: Invalid input: expected number, received null".
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { DesignRequest } from '../../src-main/contract/appApi';
import { DesignState } from '../../src-renderer/features/design/designState.svelte';
import { ToastState } from '../../src-renderer/lib/state/toasts.svelte';
import { createFakeApi, settle } from './fakes';

describe('design field errors', () => {
  it('names an emptied filters field in plain words, sends nothing and raises no toast', async () => {
    const fake = createFakeApi({
      describeDesign: async (request: DesignRequest) => {
        const bad = request.design?.layers.some((l) =>
          Object.values(l).some((v) => typeof v === 'number' && Number.isNaN(v)),
        );
        if (bad) throw new Error('describeDesign: invalid arguments: 0.design.layers.0.filters');
        return createFakeApi().api.describeDesign(request);
      },
    });
    const toasts = new ToastState();
    const design = new DesignState(fake.api, toasts, { delayMs: 1 });
    const cleanup = $effect.root(() => design.track());
    design.editLayers();
    flushSync();
    await settle(10);
    const calls = fake.calls.describeDesign!.length;

    design.updateLayer(0, { filters: Number.NaN });
    flushSync();
    await settle(10);
    expect(design.error).toBe(
      'layer 0 (conv): filters is empty; enter a whole number of 1 or more',
    );
    expect(design.errorLayer).toBe(0);
    expect(design.totalParams).toBeNull();
    expect(fake.calls.describeDesign!.length).toBe(calls);
    expect(toasts.items).toEqual([]);

    design.updateLayer(0, { filters: 8 });
    flushSync();
    await settle(10);
    expect(design.error).toBeNull();
    expect(design.totalParams).not.toBeNull();
    expect(toasts.items).toEqual([]);
    cleanup();
  });
});
