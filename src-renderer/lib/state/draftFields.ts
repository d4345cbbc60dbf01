// Copying a stored draft back into a screen's state (see screenDrafts.svelte.ts): only the named
// fields, and only values of the same kind as the field's current one (a number for a number,
// an array for an array, an object with the same keys for an object), so a stale or hand-edited
// draft can never put a string where the screen reads a number.

function sameKind(current: unknown, value: unknown): boolean {
  if (Array.isArray(current)) return Array.isArray(value);
  if (current === null) return value === null || typeof value === 'number';
  if (typeof current === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (typeof current === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const known = current as Record<string, unknown>;
    const given = value as Record<string, unknown>;
    return Object.keys(known).every((k) => k in given && sameKind(known[k], given[k]));
  }
  return typeof current === typeof value;
}

/** Sets `target[key]` from `draft[key]` for each key whose stored value has the right kind. */
export function assignDraft<T extends object>(
  target: T,
  draft: Record<string, unknown>,
  keys: readonly (keyof T & string)[],
): void {
  for (const key of keys) {
    if (!(key in draft)) continue;
    const value = draft[key];
    if (sameKind(target[key], value))
      (target as Record<string, unknown>)[key] = structuredClone(value);
  }
}

/** The named fields of `source` as a plain, JSON-safe object. */
export function draftOf<T extends object>(
  source: T,
  keys: readonly (keyof T & string)[],
): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, JSON.parse(JSON.stringify(source[k]))]));
}
