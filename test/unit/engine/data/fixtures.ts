// Tiny dataset fixtures written into temp folders by the data tests: IDX, CIFAR binary, PNG and
// JPEG files built from known pixel values so readers can be checked value by value.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG, type ColorType } from 'pngjs';
import { encode as encodeJpeg } from 'jpeg-js';
import { encodeIdxImages, encodeIdxLabels } from '../../../../src-main/engine/data/idxCodec';
import type { Dataset } from '../../../../src-main/engine/data/dataset';

const made: string[] = [];

/** A fresh temp folder, removed by `removeTempDirs`. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'npas-data-'));
  made.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made (call in afterAll). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `bytes` at dir/name, creating parent folders. */
export function put(dir: string, name: string, bytes: Uint8Array | string): string {
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

/** Pixel value of image n at (y, x, c): distinct enough to catch any layout mistake. */
export function pixel(n: number, y: number, x: number, c = 0): number {
  return (n * 37 + y * 11 + x * 3 + c * 101) % 256;
}

/** count × h × w × c bytes filled with `pixel`. */
export function pixels(count: number, h: number, w: number, c = 1): Uint8Array {
  const out = new Uint8Array(count * h * w * c);
  for (let n = 0; n < count; n++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) out[((n * h + y) * w + x) * c + k] = pixel(n, y, x, k);
  return out;
}

/** Options for `writeIdxSplit`. */
export interface IdxFixture {
  split: 'train' | 't10k';
  labels: number[];
  height?: number;
  width?: number;
  gz?: boolean;
  /** Use "train-images.idx3-ubyte" instead of "train-images-idx3-ubyte". */
  dotted?: boolean;
}

/** Writes an IDX image + label pair; returns the two file paths. */
export function writeIdxSplit(dir: string, f: IdxFixture): { images: string; labels: string } {
  const h = f.height ?? 4;
  const w = f.width ?? 3;
  const sep = f.dotted ? '.' : '-';
  const ext = f.gz ? '.gz' : '';
  const wrap = (b: Uint8Array) => (f.gz ? gzipSync(b) : b);
  const count = f.labels.length;
  return {
    images: put(
      dir,
      `${f.split}-images${sep}idx3-ubyte${ext}`,
      wrap(encodeIdxImages(pixels(count, h, w), count, h, w)),
    ),
    labels: put(dir, `${f.split}-labels${sep}idx1-ubyte${ext}`, wrap(encodeIdxLabels(f.labels))),
  };
}

/** CIFAR records: per image, the label bytes then R, G, B planes of 32×32 filled with `pixel`. */
export function cifarBytes(labels: number[][]): Uint8Array {
  const record = labels[0].length + 3072;
  const out = new Uint8Array(labels.length * record);
  labels.forEach((labelBytes, n) => {
    const base = n * record;
    out.set(labelBytes, base);
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < 32; y++)
        for (let x = 0; x < 32; x++)
          out[base + labelBytes.length + c * 1024 + y * 32 + x] = pixel(n, y, x, c);
  });
  return out;
}

/** PNG bytes of an h×w image from RGBA data, stored with the given colour type. */
export function pngBytes(rgba: Uint8Array, h: number, w: number, colorType: ColorType): Uint8Array {
  const png = new PNG({ width: w, height: h });
  png.data = Buffer.from(rgba);
  return PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true });
}

/** RGBA data where every channel of pixel (y, x) is `pixel(n, y, x)` (a gray image), alpha 255. */
export function grayRgba(n: number, h: number, w: number): Uint8Array {
  const out = new Uint8Array(h * w * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = pixel(n, y, x);
      out.set([v, v, v, 255], (y * w + x) * 4);
    }
  return out;
}

/** RGBA data with channel c of (y, x) = pixel(n, y, x, c); a low alpha proves alpha is dropped. */
export function colourRgba(n: number, h: number, w: number, alpha = 255): Uint8Array {
  const out = new Uint8Array(h * w * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      out.set([pixel(n, y, x, 0), pixel(n, y, x, 1), pixel(n, y, x, 2), alpha], (y * w + x) * 4);
  return out;
}

/** JPEG bytes of a flat-colour h×w image (flat so lossy coding keeps values within a few levels). */
export function jpegBytes(h: number, w: number, rgb: [number, number, number]): Uint8Array {
  const data = new Uint8Array(h * w * 4);
  for (let p = 0; p < h * w; p++) data.set([...rgb, 255], p * 4);
  return encodeJpeg({ data, width: w, height: h }, 95).data;
}

/** An in-memory dataset with the given pixels (NHWC) and labels. */
export function makeDataset(
  images: Uint8Array,
  count: number,
  h: number,
  w: number,
  c: number,
  labels?: number[],
): Dataset {
  const ls = labels ?? Array.from({ length: count }, (_, i) => i % 2);
  const classes = Math.max(...ls) + 1;
  return {
    name: 'fixture (train)',
    images,
    count,
    height: h,
    width: w,
    channels: c,
    labels: Int32Array.from(ls),
    classes,
    classNames: Array.from({ length: classes }, (_, i) => `c${i}`),
    source: 'memory',
  };
}
