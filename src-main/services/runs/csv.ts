// CSV text (RFC 4180): comma-separated, CRLF line ends, fields quoted when they hold a comma,
// quote or line break, quotes doubled. Null and undefined become empty fields. Cells a
// spreadsheet would run as a formula are neutralised (issue #9 item 9, OWASP "CSV Injection").

/** A value a CSV cell can show. */
export type CsvValue = string | number | boolean | null | undefined;

/** What a spreadsheet may read as the start of a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number, such as -0.5 or +1e-3: a spreadsheet reads it as a number. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Prefixes `'` to text that starts like a formula (=, +, -, @, tab, CR), as OWASP advises, so a
 * run name such as `=HYPERLINK(...)` shows as text instead of running. Our choice: numbers stay
 * numeric (a loss of -0.5 is not a formula, and prefixing it would turn the column into text),
 * both number values and text that is only a plain decimal number.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

function cell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'number'
      ? Number.isFinite(value)
        ? String(value)
        : ''
      : neutraliseFormula(String(value));
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
