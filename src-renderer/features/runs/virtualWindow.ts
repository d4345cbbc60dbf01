// The window of a virtualised list: which rows to render for a scroll position, with overscan,
// at a fixed row height.

export interface RowWindow {
  /** First row index to render (inclusive). */
  start: number;
  /** One past the last row index to render. */
  end: number;
  /** Pixel offset of row `start` from the top of the list. */
  offset: number;
}

/** Rows visible at `scrollTop` in a viewport of `height` pixels, plus `overscan` on each side. */
export function rowWindow(
  scrollTop: number,
  height: number,
  rowHeight: number,
  total: number,
  overscan: number,
): RowWindow {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, height) / rowHeight) + 1;
  const start = Math.max(0, Math.min(first, total - 1) - overscan);
  const end = Math.min(total, first + visible + overscan);
  return { start, end, offset: start * rowHeight };
}

/** The pages (of `pageSize` rows) that cover rows [start, end). */
export function pagesFor(start: number, end: number, pageSize: number): number[] {
  if (end <= start) return [];
  const pages: number[] = [];
  for (let page = Math.floor(start / pageSize); page * pageSize < end; page++) pages.push(page);
  return pages;
}
