// Initial values of a group store (ssn.md §2.4): kaiming-normal with fan_in 9 everywhere (the
// whole store, fixing the reference's uninitialised P mod 9 tail, §8 B8), then every template of
// every non-resized layer re-drawn with its own fan_in, least common shape first so the most
// common shape's init wins where blocks overlap. Each number is drawn once, from its final std.
// With init 'fanIn' the regions resized layers read are re-drawn last with those layers' own
// fan-in (the reference leaves them at fan_in 9 or another layer's, too large for wide layers
// without batch norm after them).
import type { Rng } from '../../random';
import type { SsnGroupPlan } from './planTypes';

interface Segment {
  start: number;
  end: number;
  std: number;
}

/** Paints [start, end) with `std` over earlier segments (sorted, non-overlapping). */
function paint(segments: Segment[], start: number, end: number, std: number): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.end <= start || s.start >= end) {
      out.push(s);
      continue;
    }
    if (s.start < start) out.push({ start: s.start, end: start, std: s.std });
    if (s.end > end) out.push({ start: end, end: s.end, std: s.std });
  }
  out.push({ start, end, std });
  out.sort((a, b) => a.start - b.start);
  // Merge neighbours of equal spread so the result reads as the store's regions.
  return out.reduce<Segment[]>((merged, s) => {
    const last = merged[merged.length - 1];
    if (last && last.end === s.start && last.std === s.std) last.end = s.end;
    else merged.push({ ...s });
    return merged;
  }, []);
}

/** The standard deviation of every stretch of the store after all init writes. */
export function storeInitSegments(group: SsnGroupPlan): Segment[] {
  let segments: Segment[] = [{ start: 0, end: group.store, std: Math.sqrt(2 / 9) }];
  for (const block of group.initBlocks) {
    const size = block.shape.reduce((a, b) => a * b, 1);
    const std = Math.sqrt(2 / (block.fanIn ?? size / block.shape[0]));
    for (let k = 0; k < block.templates; k++) {
      const start = block.start + k * size;
      segments = paint(segments, start, start + size, std);
    }
  }
  return segments;
}

/** Draws a store's initial values. */
export function initStore(group: SsnGroupPlan, rng: Rng): Float32Array {
  const values = new Float32Array(group.store);
  for (const s of storeInitSegments(group)) {
    for (let i = s.start; i < s.end; i++) values[i] = rng.normal() * s.std;
  }
  return values;
}
