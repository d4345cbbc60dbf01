// Template-block (offset) assignment inside one store, exactly as the reference's
// `param_layer_assignment` (ssn.md §2.2): shapes by descending count, one cursor per distinct
// block length lp (not per shape), a global stagger, and wrap-around to 0 when a block overruns.

/** One layer of a bank, in bank order. */
export interface BlockRequest {
  /** Full layer shape as a key, e.g. "160 160 3 3" (the reference's Counter key). */
  shapeKey: string;
  /** Templates K. */
  templates: number;
  /** K · prod(template shape): the block length lp. */
  length: number;
}

/** A layer's block: K templates laid out consecutively in [start, end). */
export interface Block {
  templates: number;
  start: number;
  end: number;
}

/** Distinct shape keys by descending count, ties in order of first appearance (Counter.most_common). */
export function shapesByCount(keys: string[]): string[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  // Array.prototype.sort is stable, and Map keeps first-appearance order, as Python's Counter.
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
}

/**
 * Assigns every layer its block in a store of `store` numbers. `slide` is the reference's
 * "_slide" share types (type and shape groups): a cursor wraps after K uses.
 */
export function assignBlocks(requests: BlockRequest[], store: number, slide: boolean): Block[] {
  const cursors = new Map<number, { templates: number; next: number }>();
  let globalStart = 0;
  const blocks: Block[] = new Array(requests.length);
  for (const key of shapesByCount(requests.map((r) => r.shapeKey))) {
    requests.forEach((request, index) => {
      if (request.shapeKey !== key) return;
      const { templates, length } = request;
      let cursor = cursors.get(length);
      if (!cursor) {
        let first = Math.ceil(globalStart / length);
        if (first >= templates) {
          globalStart = 0;
          first = 0;
        } else {
          globalStart += length;
        }
        cursor = { templates, next: first };
        cursors.set(length, cursor);
      }
      let start = cursor.next * length;
      let end = start + length;
      if (end > store) {
        cursor.next = 0;
        start = 0;
        end = Math.min(length, store);
      }
      cursor.next += 1;
      if (slide && cursor.next === cursor.templates) cursor.next = 0;
      blocks[index] = { templates, start, end };
    });
  }
  return blocks;
}
