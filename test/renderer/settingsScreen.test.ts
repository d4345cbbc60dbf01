// The Settings screen's WebGPU adapter field (issue #10 item 1): the name typed there is saved
// with the settings when the field is left, trimmed, and shown again from the saved settings.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import SettingsScreen from '../../src-renderer/features/settings/SettingsScreen.svelte';
import { SettingsState, setSettings } from '../../src-renderer/lib/state/settings.svelte';
import ContextScope from '../../src-renderer/components/ContextScope.svelte';
import { createFakeApi } from './fakes';

async function renderSettings() {
  const fake = createFakeApi();
  const settings = new SettingsState(fake.api);
  await settings.load();
  render(ContextScope, {
    props: { component: SettingsScreen as never, provide: () => setSettings(settings) },
  });
  return { fake, settings };
}

describe('SettingsScreen', () => {
  afterEach(() => cleanup());

  it('saves the WebGPU adapter for new runs, trimmed, when the field is left', async () => {
    const { fake, settings } = await renderSettings();
    const field = screen.getByLabelText('WebGPU adapter for new runs') as HTMLInputElement;
    expect(field.value).toBe('');
    await fireEvent.change(field, { target: { value: '  NVIDIA H200 ' } });
    await waitFor(() =>
      expect(fake.calls.updateSettings).toEqual([[{ webgpuAdapter: 'NVIDIA H200' }]]),
    );
    expect(settings.view?.webgpuAdapter).toBe('NVIDIA H200');
  });

  it('does not save when the adapter name is unchanged', async () => {
    const { fake } = await renderSettings();
    const field = screen.getByLabelText('WebGPU adapter for new runs') as HTMLInputElement;
    await fireEvent.change(field, { target: { value: '   ' } });
    expect(fake.calls.updateSettings).toBeUndefined();
  });
});
