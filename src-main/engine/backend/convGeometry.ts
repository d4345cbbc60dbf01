// Padding arithmetic that turns both conv2d gradients into forward convolutions
// (docs/compute.md "Conv gradients as forward convolutions"). Per spatial axis, with input size n,
// output size m, kernel size k, stride s and leading pad p, the forward pass reads input row
// o·s + i − p for output o and tap i. Pads returned here may be negative: a negative pad means
// "crop that many rows", because a forward conv only accepts non-negative explicit padding.

/** Rows to add (or, if negative, remove) before and after one spatial axis. */
export interface AxisPads {
  before: number;
  after: number;
}

/** Geometry of one spatial axis of a forward conv. */
export interface ConvAxis {
  inSize: number;
  outSize: number;
  kernel: number;
  stride: number;
  padBefore: number;
}

/**
 * Filter gradient dW[i] = Σ_o xpad[o·s + i]·dy[o] is a stride-1 conv over x whose kernel is dy
 * dilated by s, producing exactly `kernel` outputs.
 */
export function filterGradPads(axis: ConvAxis): AxisPads {
  const { inSize, outSize, kernel, stride, padBefore } = axis;
  return { before: padBefore, after: kernel - inSize - padBefore + (outSize - 1) * stride };
}

/**
 * One output phase of the input gradient. Rows r = s·a + b of dx (fixed b) only meet kernel taps
 * i ≡ b + p (mod s), so each phase is a stride-1 conv of dy with a sub-kernel of every s-th tap,
 * flipped: no multiplications with the zeros a dilated dy would hold (docs/compute.md).
 */
export interface InputGradPhase {
  /** Number of kernel taps this phase uses (0: the phase is all zeros). */
  taps: number;
  /** First tap of the sub-kernel in the flipped kernel; then every `stride`-th. */
  filterStart: number;
  /** Padding of dy (negative: crop) so the conv yields exactly `rows` outputs. */
  pads: AxisPads;
}

/** Rows every phase produces: ceil(inSize / stride); the rows past inSize are cropped. */
export function phaseRows(axis: ConvAxis): number {
  return Math.ceil(axis.inSize / axis.stride);
}

/**
 * The `stride` phases of dx along one axis: dx[s·a + b] = Σ_t dy[a + δ − t]·W[ρ + t·s] with
 * ρ = (b + p) mod s and δ = floor((b + p) / s). Stride 1 gives the single ordinary phase.
 */
export function inputGradPhases(axis: ConvAxis): InputGradPhase[] {
  const { outSize, kernel, stride, padBefore } = axis;
  const rows = phaseRows(axis);
  const phases: InputGradPhase[] = [];
  for (let b = 0; b < stride; b++) {
    const rho = (((b + padBefore) % stride) + stride) % stride;
    const delta = Math.floor((b + padBefore) / stride);
    const taps = Math.max(0, Math.ceil((kernel - rho) / stride));
    const before = taps - 1 - delta;
    phases.push({
      taps,
      filterStart: kernel - 1 - rho - (taps - 1) * stride,
      pads: { before, after: rows + taps - 1 - outSize - before },
    });
  }
  return phases;
}

/** Splits signed pads into a crop (start, size) of an axis of `size` rows and what is left to pad. */
export function splitPads(
  size: number,
  pads: AxisPads,
): { start: number; size: number; pad: [number, number] } {
  const start = Math.max(0, -pads.before);
  const end = size - Math.max(0, -pads.after);
  return { start, size: end - start, pad: [Math.max(0, pads.before), Math.max(0, pads.after)] };
}
