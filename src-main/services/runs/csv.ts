// CSV text (RFC 4180): comma-separated, CRLF line ends, fields quoted when they hold a comma,
// quote or line break, quotes doubled. Null and undefined become empty fields.

/** A value a CSV cell can show. */
export type CsvValue = string | number | boolean | null | undefined;

function cell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' && !Number.isFinite(value) ? '' : String(value);
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
