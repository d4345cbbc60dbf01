// Multi-select rules of the runs table, as in file managers: a click selects one row, ctrl/cmd
// toggles a row, shift selects the range from the anchor (ctrl+shift adds the range).

export interface SelectionModel {
  ids: ReadonlySet<string>;
  /** Row index the next shift-click extends from. */
  anchor: number | null;
}

export interface ClickModifiers {
  shift: boolean;
  /** ctrl on Linux and Windows, cmd on macOS. */
  toggle: boolean;
}

export const EMPTY_SELECTION: SelectionModel = { ids: new Set(), anchor: null };

/**
 * The selection after clicking row `index` (id `id`). `idAt` names the rows of a shift range;
 * rows it cannot name (not loaded yet) are left out and reported in `missing`.
 */
export function clickSelection(
  previous: SelectionModel,
  index: number,
  id: string,
  modifiers: ClickModifiers,
  idAt: (index: number) => string | undefined,
): SelectionModel & { missing: number[] } {
  if (modifiers.shift && previous.anchor !== null) {
    const ids = new Set(modifiers.toggle ? previous.ids : []);
    const missing: number[] = [];
    const [from, to] = [Math.min(previous.anchor, index), Math.max(previous.anchor, index)];
    for (let i = from; i <= to; i++) {
      const rowId = i === index ? id : idAt(i);
      if (rowId === undefined) missing.push(i);
      else ids.add(rowId);
    }
    return { ids, anchor: previous.anchor, missing };
  }
  if (modifiers.toggle) {
    const ids = new Set(previous.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: index, missing: [] };
  }
  return { ids: new Set([id]), anchor: index, missing: [] };
}

/** The distinct ids, first occurrence first. */
export function uniqueIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)];
}

/** A set of ids for membership tests (not reactive: build it where it is used). */
export function idSet(ids: Iterable<string>): ReadonlySet<string> {
  return new Set(ids);
}
