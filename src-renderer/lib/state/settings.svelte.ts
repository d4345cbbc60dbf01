// The Settings screen's state and the app theme: data folder, backend for new runs, light/dark.
// The theme is applied as data-theme on <html>; 'system' follows the OS preference.
import { createContext } from 'svelte';
import type { AppSettings, SettingsView, ThemeWire } from '../../../src-main/contract/appApi';
import type { AppClient } from '../api';
import { parseApiError, type ToastState } from './toasts.svelte';

/** The concrete theme for a setting, given whether the OS prefers dark. */
export function resolveTheme(theme: ThemeWire, prefersDark: boolean): 'light' | 'dark' {
  if (theme === 'system') return prefersDark ? 'dark' : 'light';
  return theme;
}

export class SettingsState {
  readonly #api: AppClient;
  readonly #toasts: ToastState | null;
  #view = $state.raw<SettingsView | null>(null);
  #saving = $state(false);
  #error = $state<string | null>(null);
  #prefersDark = $state(false);

  /** The theme in effect ('light' or 'dark'). */
  readonly theme = $derived(resolveTheme(this.#view?.theme ?? 'system', this.#prefersDark));

  constructor(api: AppClient, toasts: ToastState | null = null) {
    this.#api = api;
    this.#toasts = toasts;
  }

  get view(): SettingsView | null {
    return this.#view;
  }
  get saving(): boolean {
    return this.#saving;
  }
  /** The last save's error, shown beside the form (e.g. a data folder that is not writable). */
  get error(): string | null {
    return this.#error;
  }

  load = async (): Promise<void> => {
    try {
      this.#view = await this.#api.getSettings();
    } catch (error) {
      this.#toasts?.error(error, 'getSettings');
    }
  };

  /** Saves a change; on failure the previous settings stay and the error is shown in place. */
  update = async (patch: Partial<AppSettings>): Promise<boolean> => {
    this.#saving = true;
    this.#error = null;
    try {
      this.#view = await this.#api.updateSettings(patch);
      return true;
    } catch (error) {
      this.#error = parseApiError(error).message;
      this.#toasts?.error(error, 'updateSettings');
      return false;
    } finally {
      this.#saving = false;
    }
  };

  /**
   * Keeps data-theme on <html> in step with the setting, the OS preference and changes pushed
   * from other windows. Call from the root component's setup.
   */
  track = (): void => {
    const media =
      typeof window.matchMedia === 'function'
        ? window.matchMedia('(prefers-color-scheme: dark)')
        : null;
    this.#prefersDark = media?.matches ?? false;
    $effect(() => {
      if (!media) return;
      const listener = (e: MediaQueryListEvent) => (this.#prefersDark = e.matches);
      media.addEventListener('change', listener);
      return () => media.removeEventListener('change', listener);
    });
    $effect(() => this.#api.on('settings.changed', (view) => (this.#view = view)));
    $effect(() => {
      document.documentElement.dataset.theme = this.theme;
    });
  };
}

export const [getSettings, setSettings] = createContext<SettingsState>();
