// A run's config as dotted scalar fields ({ training: { lr } } → { 'training.lr' }), so the runs
// table can offer any config field as a column without sending or parsing the whole config.

/** A config leaf: the only values a table cell shows. */
export type ConfigScalar = string | number | boolean | null;

/** Flattens nested objects to dotted keys; arrays become one comma-joined text cell. */
export function flattenConfig(config: unknown, prefix = ''): Record<string, ConfigScalar> {
  const fields: Record<string, ConfigScalar> = {};
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return fields;
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) fields[path] = value.map((item) => JSON.stringify(item)).join(', ');
    else if (value !== null && typeof value === 'object')
      Object.assign(fields, flattenConfig(value, path));
    else if (value !== undefined) fields[path] = value as ConfigScalar;
  }
  return fields;
}
