// CSV text (RFC 4180): comma-separated, CRLF line ends, fields quoted when they hold a comma,
// quote or line break, quotes doubled. Null and undefined become empty fields. Text that a
// spreadsheet would run as a formula (starting with =, +, -, @, tab or CR: a run name or a config
// value is user input) gets a leading apostrophe; numbers are written as they are.

/** A value a CSV cell can show. */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' && !Number.isFinite(value) ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: a header row of `columns`, then one row per record, in column order. */
export function toCsv<T extends object>(
  columns: readonly (keyof T & string)[],
  rows: readonly T[],
): string {
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) {
    lines.push(columns.map((column) => cell(row[column] as CsvValue)).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A nested object as flat `prefix.path` keys: objects are walked, arrays and other values are
 * leaves (arrays as JSON text, so `[60,120,160]` stays one cell).
 */
export function flattenForCsv(value: unknown, prefix: string): Record<string, CsvValue> {
  const out: Record<string, CsvValue> = {};
  const walk = (node: unknown, path: string) => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      for (const [key, child] of Object.entries(node)) walk(child, `${path}.${key}`);
    } else if (Array.isArray(node)) {
      out[path] = JSON.stringify(node);
    } else if (node === null || ['string', 'number', 'boolean'].includes(typeof node)) {
      out[path] = node as CsvValue;
    } else if (node !== undefined) {
      out[path] = String(node);
    }
  };
  walk(value, prefix);
  return out;
}
