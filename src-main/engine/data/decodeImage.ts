// Decodes one PNG or JPEG (chosen by content, not extension) to 8-bit RGB, and says whether the
// source was a grayscale PNG so a folder of gray images can stay single-channel.
import { PNG } from 'pngjs';
import { decode as decodeJpeg } from 'jpeg-js';
import { DatasetError } from '../../contract/errors';

/** A decoded image: height × width × 3 RGB bytes. */
export interface DecodedImage {
  width: number;
  height: number;
  rgb: Uint8Array;
  /** True for a grayscale PNG (colour type 0): its R, G and B are equal. */
  gray: boolean;
}

function isPng(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 8 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47
  );
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** RGBA → RGB, dropping alpha (datasets with transparency are rare; compositing would guess a background). */
function dropAlpha(rgba: Uint8Array, pixels: number): Uint8Array {
  const rgb = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    rgb[3 * p] = rgba[4 * p];
    rgb[3 * p + 1] = rgba[4 * p + 1];
    rgb[3 * p + 2] = rgba[4 * p + 2];
  }
  return rgb;
}

function decodeRgba(
  bytes: Uint8Array,
  file: string,
): { width: number; height: number; data: Uint8Array; gray: boolean } {
  if (isPng(bytes)) {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { width: png.width, height: png.height, data: png.data, gray: png.colorType === 0 };
  }
  if (isJpeg(bytes)) {
    // tolerantDecoding off: a damaged JPEG must fail, not decode to a grey smear.
    const img = decodeJpeg(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: false,
      maxResolutionInMP: 64,
      maxMemoryUsageInMB: 512,
    });
    return { width: img.width, height: img.height, data: img.data, gray: false };
  }
  throw new DatasetError(file, 'is neither PNG nor JPEG data (unrecognised header bytes)');
}

/** Decodes a PNG or JPEG file's bytes; a corrupt image becomes a DatasetError naming `file`. */
export function decodeImage(bytes: Uint8Array, file: string): DecodedImage {
  let decoded;
  try {
    decoded = decodeRgba(bytes, file);
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError(file, `cannot decode the image (${reason})`, { cause: error });
  }
  const { width, height, data, gray } = decoded;
  if (width <= 0 || height <= 0 || data.length < width * height * 4) {
    throw new DatasetError(file, `decoded to an empty or short image (${width}×${height})`);
  }
  return { width, height, gray, rgb: dropAlpha(data, width * height) };
}
