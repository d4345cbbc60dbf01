// The compare view's config diff: each run's config flattened to dotted paths, then only the
// paths whose values are not the same for every run (a path one run lacks counts as different).

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
    const present = flat.map((f) => path in f);
    if (new Set(values).size > 1 || new Set(present).size > 1) rows.push({ path, values });
  }
  return rows;
}
