// Number formatting shared by the screens: parameter counts, percentages, durations.

/** 1234567 → "1,234,567"; missing or non-finite → "—". */
export function formatCount(n: number | null | undefined): string {
  return n == null || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-US');
}

/** (1, 'group') → "1 group", (1200, 'bank') → "1,200 banks". */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * 1234567 → "1.23M", 45600 → "45.6k", 5300 → "5.3k": compact counts for tables, badges and axes;
 * missing or non-finite → "—". (The one compact count: the runs screens had their own
 * `formatCount` meaning this while the budget screens' meant "1,234,567".)
 */
export function formatCompact(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${+(n / 1e9).toPrecision(3)}B`;
  if (abs >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (abs >= 1e3) return `${+(n / 1e3).toPrecision(3)}k`;
  return String(Math.round(n));
}

/** 0.1234 → "12.3%"; missing or non-finite → "—". */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction == null || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A metric with fixed decimals; missing or non-finite (a diverged loss arrives as null) → "—". */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  return value == null || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** Seconds → "1h 02m", "3m 05s", "12s"; non-finite → "—". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(r).padStart(2, '0')}s`;
  return `${r}s`;
}
