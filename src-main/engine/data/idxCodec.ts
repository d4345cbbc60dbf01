// IDX files (the MNIST / Fashion-MNIST container): big-endian header with magic 2051 for uint8
// images N×H×W and 2049 for uint8 labels N, then raw bytes. Parsing validates everything the
// header claims; encoding exists for the bundled sample and for test fixtures.
import { DatasetError } from '../../contract/errors';

/** Magic number of an IDX file of uint8 images (0x00000803). */
export const IDX_IMAGES_MAGIC = 2051;
/** Magic number of an IDX file of uint8 labels (0x00000801). */
export const IDX_LABELS_MAGIC = 2049;

/** Images parsed from an IDX3 file. */
export interface IdxImages {
  count: number;
  height: number;
  width: number;
  pixels: Uint8Array;
}

function readU32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] << 24) |
      (bytes[offset + 1] << 16) |
      (bytes[offset + 2] << 8) |
      bytes[offset + 3]) >>>
    0
  );
}

function checkMagic(bytes: Uint8Array, expected: number, what: string, file: string): void {
  if (bytes.length < 4) {
    throw new DatasetError(file, `is ${bytes.length} bytes long, too short for an IDX header`);
  }
  const magic = readU32(bytes, 0);
  if (magic !== expected) {
    throw new DatasetError(
      file,
      `wrong magic number ${magic}; an IDX ${what} file starts with ${expected}`,
    );
  }
}

function checkLength(bytes: Uint8Array, needed: number, claim: string, file: string): void {
  if (bytes.length < needed) {
    throw new DatasetError(
      file,
      `truncated: the header says ${claim} (${needed} bytes) but the file holds ${bytes.length} bytes`,
    );
  }
}

/** Parses an IDX3 uint8 image file. */
export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  checkMagic(bytes, IDX_IMAGES_MAGIC, 'images', file);
  checkLength(bytes, 16, 'an image header', file);
  const count = readU32(bytes, 4);
  const height = readU32(bytes, 8);
  const width = readU32(bytes, 12);
  if (height === 0 || width === 0) {
    throw new DatasetError(file, `image size ${height}×${width} is empty`);
  }
  const needed = 16 + count * height * width;
  checkLength(bytes, needed, `${count} images of ${height}×${width}`, file);
  return { count, height, width, pixels: bytes.slice(16, needed) };
}

/** Parses an IDX1 uint8 label file. */
export function parseIdxLabels(bytes: Uint8Array, file: string): Int32Array {
  checkMagic(bytes, IDX_LABELS_MAGIC, 'labels', file);
  checkLength(bytes, 8, 'a label header', file);
  const count = readU32(bytes, 4);
  checkLength(bytes, 8 + count, `${count} labels`, file);
  return Int32Array.from(bytes.subarray(8, 8 + count));
}

function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = (value >>> 24) & 0xff;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

/** Encodes count×height×width uint8 pixels as an IDX3 file. */
export function encodeIdxImages(
  pixels: Uint8Array,
  count: number,
  height: number,
  width: number,
): Uint8Array {
  const out = new Uint8Array(16 + count * height * width);
  writeU32(out, 0, IDX_IMAGES_MAGIC);
  writeU32(out, 4, count);
  writeU32(out, 8, height);
  writeU32(out, 12, width);
  out.set(pixels.subarray(0, count * height * width), 16);
  return out;
}

/** Encodes labels 0..255 as an IDX1 file. */
export function encodeIdxLabels(labels: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(8 + labels.length);
  writeU32(out, 0, IDX_LABELS_MAGIC);
  writeU32(out, 4, labels.length);
  for (let i = 0; i < labels.length; i++) out[8 + i] = labels[i];
  return out;
}
