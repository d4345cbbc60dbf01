// SettingsState: a refused data folder is shown in place and the previous settings stay; the
// theme follows the setting and changes pushed from elsewhere.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { resolveTheme, SettingsState } from '../../src-renderer/lib/state/settings.svelte';
import { createFakeApi } from './fakes';

describe('SettingsState', () => {
  it('keeps the previous folder and says why a new one was refused', async () => {
    const fake = createFakeApi({
      updateSettings: async () => {
        throw Object.assign(
          new Error(
            'updateSettings: the data folder /etc/passwd/npas cannot be created or used (a part of the path is a file, not a folder)',
          ),
          { method: 'updateSettings' },
        );
      },
    });
    const settings = new SettingsState(fake.api);
    await settings.load();
    expect(await settings.update({ dataDir: '/etc/passwd/npas' })).toBe(false);
    expect(settings.error).toBe(
      'the data folder /etc/passwd/npas cannot be created or used (a part of the path is a file, not a folder)',
    );
    expect(settings.view?.dataDir).toBe('/data');
  });

  it('applies the theme to <html>, including changes pushed from another window', async () => {
    const fake = createFakeApi();
    const settings = new SettingsState(fake.api);
    const cleanup = $effect.root(() => settings.track());
    await settings.load();
    flushSync();
    expect(document.documentElement.dataset.theme).toBe('light');
    fake.emit('settings.changed', { ...settings.view!, theme: 'dark' });
    flushSync();
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    cleanup();
  });
});
