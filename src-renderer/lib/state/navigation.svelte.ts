// Which screen is showing, and which run (or sweep) it concerns, mirrored in the URL hash
// (`#/live/<runId>`, `#/sweeps/<sweepId>`) so a reload or a link keeps the place, and tests can
// open a screen directly.
import { createContext } from 'svelte';

export const SCREENS = [
  { id: 'design', label: 'Design' },
  { id: 'budget', label: 'Budget' },
  { id: 'run', label: 'Run' },
  { id: 'live', label: 'Live' },
  { id: 'sweeps', label: 'Sweeps' },
  { id: 'runs', label: 'Runs' },
  { id: 'compare', label: 'Compare' },
  { id: 'sharing', label: 'Sharing' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

const IDS: readonly string[] = SCREENS.map((s) => s.id);

/** Parses `#/screen` or `#/screen/runId`; unknown screens fall back to `design`. */
export function parseHash(hash: string): { screen: ScreenId; runId: string | null } {
  const [screen, runId] = hash.replace(/^#\/?/, '').split('/');
  return {
    screen: IDS.includes(screen) ? (screen as ScreenId) : 'design',
    runId: runId ? decodeURIComponent(runId) : null,
  };
}

/** The hash for a screen and optional run. */
export function toHash(screen: ScreenId, runId: string | null): string {
  return runId ? `#/${screen}/${encodeURIComponent(runId)}` : `#/${screen}`;
}

export class NavigationState {
  #screen = $state<ScreenId>('design');
  #runId = $state<string | null>(null);

  constructor(hash = '') {
    const parsed = parseHash(hash);
    this.#screen = parsed.screen;
    this.#runId = parsed.runId;
  }

  get screen(): ScreenId {
    return this.#screen;
  }

  /** The run the current screen concerns (live view, sharing inspector), or the sweep shown. */
  get runId(): string | null {
    return this.#runId;
  }

  get hash(): string {
    return toHash(this.#screen, this.#runId);
  }

  /** Shows `screen`; `runId` focuses a run there (omitted: keep none). */
  go = (screen: ScreenId, runId: string | null = null): void => {
    this.#screen = screen;
    this.#runId = runId;
  };

  /** Follows an external hash change (back button, edited URL). */
  syncFromHash = (hash: string): void => {
    const parsed = parseHash(hash);
    if (parsed.screen !== this.#screen || parsed.runId !== this.#runId) {
      this.#screen = parsed.screen;
      this.#runId = parsed.runId;
    }
  };
}

export const [getNavigation, setNavigation] = createContext<NavigationState>();
