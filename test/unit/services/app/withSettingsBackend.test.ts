// Issue #10 item 1: the WebGPU adapter can be chosen in Settings; a run queued from the app takes
// the Settings backend for 'auto' and the Settings adapter where its config names none.
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../../src-main/contract/config';
import { withSettingsBackend } from '../../../../src-main/services/app/withSettingsBackend';

describe('the backend and adapter a run queued from the app gets', () => {
  it("takes the Settings adapter and backend where the config says 'auto' and names no adapter", () => {
    const config = withSettingsBackend(parseRunConfig({}), {
      backend: 'webgpu',
      webgpuAdapter: ' NVIDIA ',
    });
    expect(config.backend).toBe('webgpu');
    expect(config.webgpuAdapter).toBe('NVIDIA');
  });

  it("keeps the config's own backend and adapter over the Settings ones", () => {
    const config = withSettingsBackend(
      parseRunConfig({ backend: 'wasm', webgpuAdapter: 'Radeon' }),
      { backend: 'webgpu', webgpuAdapter: 'NVIDIA' },
    );
    expect(config.backend).toBe('wasm');
    expect(config.webgpuAdapter).toBe('Radeon');
  });

  it('names no adapter when the Settings field is empty', () => {
    const config = withSettingsBackend(parseRunConfig({}), { backend: 'auto', webgpuAdapter: '' });
    expect(config).not.toHaveProperty('webgpuAdapter');
    expect(config.backend).toBe('auto');
  });

  it('refuses an empty or overlong adapter name in a run config', () => {
    expect(() => parseRunConfig({ webgpuAdapter: '' })).toThrow(/webgpuAdapter/);
    expect(() => parseRunConfig({ webgpuAdapter: 'x'.repeat(201) })).toThrow(/webgpuAdapter/);
  });
});
