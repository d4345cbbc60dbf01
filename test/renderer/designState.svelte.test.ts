// DesignState: edits re-describe the design (debounced), layers add, move and remove, and an
// invalid layer's error names it.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { DesignRequest } from '../../src-main/contract/appApi';
import { DesignState, parseInput } from '../../src-renderer/features/design/designState.svelte';
import { createFakeApi, settle } from './fakes';

describe('DesignState', () => {
  it('describes the starter CNN and updates the total as layers change', async () => {
    const fake = createFakeApi();
    const design = new DesignState(fake.api, null, { delayMs: 1 });
    const cleanup = $effect.root(() => design.track());
    design.editLayers();
    flushSync();
    await settle(10);
    // conv 16 (144 + 32 BN) + conv 32 (4,608 + 64 BN) + dense 1568→64 (100,416) + classifier 650
    expect(design.totalParams).toBe(176 + 4672 + 100_416 + 650);

    design.removeLayer(5); // the dense layer: the classifier now reads 1,568 features
    flushSync();
    await settle(10);
    expect(design.totalParams).toBe(176 + 4672 + 15_690);
    const sent = fake.calls.describeDesign!.at(-1)![0] as DesignRequest;
    expect(sent.arch).toBe('design');
    expect(sent.design!.layers).toHaveLength(5);
    cleanup();
  });

  it('reports the layer an invalid design is rejected for', async () => {
    const fake = createFakeApi();
    const design = new DesignState(fake.api, null, { delayMs: 1 });
    const cleanup = $effect.root(() => design.track());
    design.editLayers();
    design.updateLayer(2, { filters: 0 });
    flushSync();
    await settle(10);
    expect(design.totalParams).toBeNull();
    expect(design.errorLayer).toBe(2);
    expect(design.error).toBe(
      'design layer 2 (conv): filters 0 is invalid: use a positive integer',
    );
    cleanup();
  });

  it('moves layers and keeps their keys with them', () => {
    const design = new DesignState(createFakeApi().api);
    design.editLayers();
    const keys = [...design.layerKeys];
    design.moveLayer(0, 1);
    expect(design.layers[0].type).toBe('maxPool');
    expect(design.layers[1].type).toBe('conv');
    expect(design.layerKeys).toEqual([keys[1], keys[0], ...keys.slice(2)]);
    design.moveLayer(0, -1); // no-op at the top
    expect(design.layers[0].type).toBe('maxPool');
    design.addLayer('dense');
    expect(design.layers.at(-1)).toEqual({ type: 'dense', units: 64 });
    expect(new Set(design.layerKeys).size).toBe(design.layers.length);
  });

  it('names WRN presets from depth and width', () => {
    const design = new DesignState(createFakeApi().api);
    design.choosePreset('wrn');
    design.wrnDepth = 28;
    design.wrnWidth = 10;
    expect(design.arch).toBe('wrn-28-10');
    expect(design.request).toEqual({ arch: 'wrn-28-10', input: '28x28x1', classes: 10 });
    expect(parseInput('32x32x3')).toEqual({ height: 32, width: 32, channels: 3 });
    expect(parseInput('32x32')).toBeNull();
  });
});
