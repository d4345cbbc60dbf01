// The app shell: navigation between screens (mirrored in the URL hash), API errors as toasts
// named after the failed operation, and the theme from the settings.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../../src-renderer/App.svelte';
import { parseApiError } from '../../src-renderer/lib/state/toasts.svelte';
import { createFakeApi } from './fakes';

describe('the app shell', () => {
  afterEach(() => {
    cleanup();
    history.replaceState(null, '', '#/design');
  });

  it('navigates between screens and mirrors the screen in the hash', async () => {
    const { api } = createFakeApi();
    render(App, { props: { api } });
    expect(screen.getByRole('heading', { level: 1, name: 'Design' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Screens' });
    expect(nav.querySelectorAll('a')).toHaveLength(9);
    await fireEvent.click(screen.getByRole('link', { name: 'Budget' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Budget' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Budget' }).getAttribute('aria-current')).toBe('page');
    await waitFor(() => expect(window.location.hash).toBe('#/budget'));
    await fireEvent.click(screen.getByRole('link', { name: 'Settings' }));
    expect(await screen.findByText(/Settings file: \/data\/settings.json/)).toBeTruthy();
  });

  it('shows an API error as a toast naming the operation', async () => {
    const failure = Object.assign(
      new Error('listArchitecturePresets: the data folder /nowhere is not writable'),
      { method: 'listArchitecturePresets' },
    );
    const { api } = createFakeApi({
      listArchitecturePresets: async () => {
        throw failure;
      },
    });
    render(App, { props: { api } });
    const toast = await screen.findByRole('alert');
    expect(toast.textContent).toContain('listArchitecturePresets failed:');
    expect(toast.textContent).toContain('the data folder /nowhere is not writable');
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('applies the theme from the settings', async () => {
    const { api } = createFakeApi({
      getSettings: async () => ({
        dataDir: '/data',
        backend: 'auto',
        webgpuAdapter: '',
        theme: 'dark',
        defaultDataDir: '/data',
        settingsFile: '/data/settings.json',
        dataDirError: null,
      }),
    });
    render(App, { props: { api } });
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
  });

  it('parses both error prefixes the transports use', () => {
    expect(parseApiError(new Error('app:startRun: budget 0 is invalid'))).toEqual({
      operation: 'startRun',
      message: 'budget 0 is invalid',
    });
    expect(
      parseApiError(Object.assign(new Error('inspect: too small'), { method: 'inspect' })),
    ).toEqual({ operation: 'inspect', message: 'too small' });
    expect(parseApiError(new Error('plain'))).toEqual({ operation: null, message: 'plain' });
  });
});
