// The runs the user picked in the runs table, shared with Compare and the sharing inspector.
// The shell creates one and provides it with setRunSelection; without one, screens use a
// selection kept in sessionStorage, so it still survives switching screens (and reloads).
import { createContext } from 'svelte';
import { idSet, uniqueIds } from './selection';

/** Where a selection can be kept between screens: sessionStorage, or a stand-in in tests. */
export type SelectionStorage = Pick<Storage, 'getItem' | 'setItem'>;

export const SELECTION_STORAGE_KEY = 'npas.runSelection';

interface StoredSelection {
  ids: string[];
  focused: string | null;
}

function readStored(storage: SelectionStorage | null): StoredSelection {
  const text = storage?.getItem(SELECTION_STORAGE_KEY);
  if (!text) return { ids: [], focused: null };
  try {
    const value = JSON.parse(text) as Partial<StoredSelection>;
    const ids = Array.isArray(value.ids) ? value.ids.filter((id) => typeof id === 'string') : [];
    return { ids, focused: typeof value.focused === 'string' ? value.focused : null };
  } catch {
    // A stored value this version cannot read is a lost selection, nothing worse.
    return { ids: [], focused: null };
  }
}

export class RunSelection {
  readonly #storage: SelectionStorage | null;
  #ids = $state.raw<readonly string[]>([]);
  /** The run last clicked (details panel, sharing inspector). */
  #focused = $state<string | null>(null);

  /** `storage`: keep the selection there (read now, written on every change). */
  constructor(storage: SelectionStorage | null = null) {
    this.#storage = storage;
    const stored = readStored(storage);
    this.#ids = stored.ids;
    this.#focused = stored.focused;
  }

  #save(): void {
    this.#storage?.setItem(
      SELECTION_STORAGE_KEY,
      JSON.stringify({ ids: this.#ids, focused: this.#focused }),
    );
  }

  get ids(): readonly string[] {
    return this.#ids;
  }
  get focused(): string | null {
    return this.#focused;
  }
  get size(): number {
    return this.#ids.length;
  }

  has(id: string): boolean {
    return this.#ids.includes(id);
  }

  /** Replaces the selection (order kept: it is the compare order and colour order). */
  set(ids: Iterable<string>, focused: string | null = this.#focused): void {
    this.#ids = uniqueIds(ids);
    this.#focused = focused;
    this.#save();
  }

  focus(id: string | null): void {
    this.#focused = id;
    this.#save();
  }

  /** Drops ids (deleted runs). */
  remove(ids: Iterable<string>): void {
    const gone = idSet(ids);
    this.#ids = this.#ids.filter((id) => !gone.has(id));
    if (this.#focused !== null && gone.has(this.#focused)) this.#focused = null;
    this.#save();
  }

  clear(): void {
    this.#ids = [];
    this.#focused = null;
    this.#save();
  }
}

export const [getRunSelection, setRunSelection, hasRunSelection] = createContext<RunSelection>();

/** The provided selection, or one kept in sessionStorage when no ancestor provides it. */
export function useRunSelection(): RunSelection {
  if (hasRunSelection()) return getRunSelection();
  return new RunSelection(typeof sessionStorage === 'undefined' ? null : sessionStorage);
}
