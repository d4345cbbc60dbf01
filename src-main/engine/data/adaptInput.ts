// Fits a dataset to a model's input shape: centred zero padding or centre crop per spatial
// dimension, and 1 ↔ 3 channel conversion (repeat gray, or average RGB), with a note for the user.
import { ConfigError } from '../../contract/errors';
import type { Dataset } from './dataset';

/** A model's expected input. */
export interface InputShape {
  height: number;
  width: number;
  channels: number;
}

/** Offset of the source inside the target along one dimension (negative = source is cropped). */
function placement(size: number, target: number): number {
  return target >= size ? Math.floor((target - size) / 2) : -Math.floor((size - target) / 2);
}

function describeDim(size: number, target: number, sides: [string, string]): string | null {
  if (size === target) return null;
  const verb = target > size ? 'padded' : 'cropped';
  const total = Math.abs(target - size);
  const before = Math.floor(total / 2);
  const after = total - before;
  return before === after
    ? `${verb} ${before} px each side`
    : `${verb} ${before} px ${sides[0]}, ${after} px ${sides[1]}`;
}

function describe(ds: Dataset, target: InputShape): string {
  const parts: string[] = [];
  const same = ds.height - target.height === ds.width - target.width && ds.height !== target.height;
  if (same)
    parts.push(describeDim(ds.height, target.height, ['top/left', 'bottom/right']) as string);
  else {
    const h = describeDim(ds.height, target.height, ['top', 'bottom']);
    const w = describeDim(ds.width, target.width, ['left', 'right']);
    if (h !== null) parts.push(`height ${h}`);
    if (w !== null) parts.push(`width ${w}`);
  }
  if (ds.channels === 1 && target.channels === 3) parts.push('channel repeated 3×');
  if (ds.channels === 3 && target.channels === 1) parts.push('channels averaged to 1');
  const from = `${ds.height}×${ds.width}×${ds.channels}`;
  return `input ${from} → ${target.height}×${target.width}×${target.channels}: ${parts.join(', ')}`;
}

function checkTarget(ds: Dataset, target: InputShape): void {
  for (const key of ['height', 'width', 'channels'] as const) {
    if (!Number.isInteger(target[key]) || target[key] <= 0) {
      throw new ConfigError(`input ${key} ${target[key]} must be a positive integer`);
    }
  }
  const convertible =
    (ds.channels === 1 || ds.channels === 3) && (target.channels === 1 || target.channels === 3);
  if (ds.channels !== target.channels && !convertible) {
    throw new ConfigError(
      `cannot convert ${ds.channels}-channel images to ${target.channels} channels; only 1 ↔ 3 is supported`,
    );
  }
}

/** One target pixel's channels from source pixel `src` (byte offset). */
function copyPixel(
  from: Uint8Array,
  src: number,
  inC: number,
  to: Uint8Array,
  dst: number,
  outC: number,
): void {
  if (inC === outC) for (let c = 0; c < outC; c++) to[dst + c] = from[src + c];
  else if (inC === 1) for (let c = 0; c < outC; c++) to[dst + c] = from[src];
  else to[dst] = Math.round((from[src] + from[src + 1] + from[src + 2]) / 3);
}

/** The dataset reshaped to `target`, and a human note (null when nothing changed). */
export function adaptInput(
  ds: Dataset,
  target: InputShape,
): { dataset: Dataset; note: string | null } {
  checkTarget(ds, target);
  const { height: th, width: tw, channels: tc } = target;
  if (ds.height === th && ds.width === tw && ds.channels === tc) return { dataset: ds, note: null };
  const offY = placement(ds.height, th);
  const offX = placement(ds.width, tw);
  const inC = ds.channels;
  const inSize = ds.height * ds.width * inC;
  const outSize = th * tw * tc;
  const images = new Uint8Array(ds.count * outSize); // zero-filled: padding is already in place
  for (let n = 0; n < ds.count; n++) {
    for (let y = 0; y < th; y++) {
      const sy = y - offY;
      if (sy < 0 || sy >= ds.height) continue;
      for (let x = 0; x < tw; x++) {
        const sx = x - offX;
        if (sx < 0 || sx >= ds.width) continue;
        copyPixel(
          ds.images,
          n * inSize + (sy * ds.width + sx) * inC,
          inC,
          images,
          n * outSize + (y * tw + x) * tc,
          tc,
        );
      }
    }
  }
  const dataset = {
    ...ds,
    images,
    height: th,
    width: tw,
    channels: tc,
    classNames: [...ds.classNames],
  };
  return { dataset, note: describe(ds, target) };
}
