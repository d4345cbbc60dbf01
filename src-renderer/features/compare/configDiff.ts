// The compare view's config diff: each run's config flattened to dotted paths, then only the
// paths whose values are not the same for every run (a path one run lacks counts as different,
// except against an empty object: `ssn: {}` and no `ssn` at all configure the same thing).

/** `{ training: { lr: 0.1 } }` → `{ 'training.lr': 0.1 }`; arrays index as `layers.0.out`. */
export function flattenConfig(value: unknown, prefix = '', out: Record<string, unknown> = {}) {
  const isObject = value !== null && typeof value === 'object';
  const entries = isObject ? Object.entries(value as Record<string, unknown>) : [];
  if (!isObject || entries.length === 0) {
    // Empty objects and arrays stay visible as leaves ("{}", "[]"), so adding one shows up.
    if (prefix) out[prefix] = value;
    return out;
  }
  for (const [key, child] of entries) flattenConfig(child, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

/** A leaf as the diff shows it; undefined (the run lacks the path) shows as "—". */
export function formatLeaf(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** `{}`: a section whose options are all defaults, the same as the section left out. */
function isEmptyObject(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}

export interface ConfigDiffRow {
  path: string;
  /** One entry per run, in the runs' order. */
  values: string[];
}

/** The paths whose values differ between the configs, sorted by path. */
export function diffConfigs(configs: readonly unknown[]): ConfigDiffRow[] {
  const flat = configs.map((config) => flattenConfig(config));
  const paths = new Set(flat.flatMap((f) => Object.keys(f)));
  const rows: ConfigDiffRow[] = [];
  for (const path of [...paths].sort()) {
    const values = flat.map((f) => (path in f ? formatLeaf(f[path]) : '—'));
    const present = flat.map((f) => path in f && !isEmptyObject(f[path]));
    const shown = values.filter((_v, i) => present[i]);
    if (new Set(shown).size > 1 || new Set(present).size > 1) rows.push({ path, values });
  }
  return rows;
}
