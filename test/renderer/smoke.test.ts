import { describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import App from '../../src-renderer/App.svelte';

describe('the app shell', () => {
  it('shows the backend report the API returns', async () => {
    window.api = {
      getBackendReport: async () => ({
        chosen: 'wasm',
        why: 'wasm: SIMD, 1 thread',
        probes: [{ name: 'wasm', available: true, reason: 'SIMD, 1 thread', device: 'cpu' }],
      }),
      getVersions: async () => ({}),
    };
    const target = document.createElement('div');
    const app = mount(App, { target });
    await new Promise((r) => setTimeout(r, 0));
    flushSync();
    expect(target.textContent).toContain('wasm: SIMD, 1 thread');
    unmount(app);
  });
});
