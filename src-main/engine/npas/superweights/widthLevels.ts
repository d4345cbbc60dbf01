// Width levels of a cluster (superweights.md §1.3, `_create_stack_groups`): the distinct layer
// shapes of a cluster, over all members, sorted by size; each step up from one shape to the next
// is a level whose "increment block" (a row block, plus a column block when the input widens)
// every layer reaching it draws from one bank. Pure numbers, no tensors.
import { assert } from '../../../contract/assert';
import type { LayerSpec } from '../../arch/types';

/** A weight shape in the reference (PyTorch) order; dense layers have kh = kw = 1. */
export interface BlockShape {
  out: number;
  in: number;
  kh: number;
  kw: number;
}

/** One level's increment block. */
export interface LevelSegment {
  level: number;
  /** The layer shape this level completes (U[level]). */
  target: BlockShape;
  /**
   * Level 0: the base block S0. Higher levels: [T.O − R, T.I, kh, kw], whose height may be zero
   * or negative (negative: crop |ΔO| rows of the layer built so far).
   */
  rows: BlockShape;
  /** [min(R, T.O), T.I − C, kh, kw] when the input widens (T.I > C), else null. */
  cols: BlockShape | null;
  /** Entries the level's bank templates hold: max(0, numel(rows)) + numel(cols). */
  numel: number;
}

export function blockShapeOf(layer: LayerSpec): BlockShape {
  return { out: layer.outChannels, in: layer.inChannels, kh: layer.kernel, kw: layer.kernel };
}

export function numel(shape: BlockShape): number {
  return shape.out * shape.in * shape.kh * shape.kw;
}

export function sameShape(a: BlockShape, b: BlockShape): boolean {
  return a.out === b.out && a.in === b.in && a.kh === b.kh && a.kw === b.kw;
}

/**
 * The distinct shapes of a cluster, sorted stably by (numel, O, I). The reference sorts by numel
 * with numpy's unstable argsort, so ties of equal numel between different shapes may come out in
 * another order there (§8 item 3); none occur in WRN configurations.
 */
export function sortedShapes(shapes: readonly BlockShape[]): BlockShape[] {
  const sorted = [...shapes].sort((a, b) => numel(a) - numel(b) || a.out - b.out || a.in - b.in);
  return sorted.filter((shape, i) => i === 0 || !sameShape(shape, sorted[i - 1]));
}

/**
 * Every level of a cluster whose distinct sorted shapes are `distinct` (from `sortedShapes`).
 * A layer of shape distinct[r] uses levels 0..r.
 */
export function levelSegments(distinct: readonly BlockShape[]): LevelSegment[] {
  const base = distinct[0];
  const segments: LevelSegment[] = [
    { level: 0, target: base, rows: base, cols: null, numel: numel(base) },
  ];
  let rows = base.out;
  let cols = base.in;
  for (let w = 1; w < distinct.length; w++) {
    const t = distinct[w];
    const rowBlock = { ...t, out: t.out - rows };
    const colBlock = t.in > cols ? { ...t, out: Math.min(rows, t.out), in: t.in - cols } : null;
    const size = colBlock ? Math.max(0, numel(rowBlock)) + numel(colBlock) : numel(rowBlock);
    segments.push({ level: w, target: t, rows: rowBlock, cols: colBlock, numel: size });
    rows = t.out;
    cols = t.in;
  }
  return segments;
}

/** The highest level a layer of `shape` reaches in a cluster with these distinct shapes. */
export function topLevel(distinct: readonly BlockShape[], shape: BlockShape): number {
  const r = distinct.findIndex((s) => sameShape(s, shape));
  assert(r >= 0, `shape ${JSON.stringify(shape)} is one of its cluster's shapes`);
  return r;
}
