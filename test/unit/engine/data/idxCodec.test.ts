import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../../../src-main/contract/errors';
import {
  encodeIdxImages,
  encodeIdxLabels,
  parseIdxImages,
  parseIdxLabels,
} from '../../../../src-main/engine/data/idxCodec';

describe('idxCodec', () => {
  it('parses a hand-written IDX3 header and pixels', () => {
    // magic 0x00000803, 2 images of 1×2: pixels 1 2 | 3 4
    const bytes = Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 1, 2, 3, 4]);
    const parsed = parseIdxImages(bytes, 'x');
    expect(parsed).toMatchObject({ count: 2, height: 1, width: 2 });
    expect(Array.from(parsed.pixels)).toEqual([1, 2, 3, 4]);
  });

  it('parses a hand-written IDX1 label file', () => {
    const bytes = Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 3, 9, 0, 4]);
    expect(Array.from(parseIdxLabels(bytes, 'x'))).toEqual([9, 0, 4]);
  });

  it('round-trips what it encodes', () => {
    const px = Uint8Array.from({ length: 24 }, (_, i) => i * 10);
    const parsed = parseIdxImages(encodeIdxImages(px, 2, 3, 4), 'x');
    expect(parsed).toMatchObject({ count: 2, height: 3, width: 4 });
    expect(Array.from(parsed.pixels)).toEqual(Array.from(px));
    expect(Array.from(parseIdxLabels(encodeIdxLabels([1, 255, 0]), 'x'))).toEqual([1, 255, 0]);
  });

  it('names the wrong magic number it found and the one it expected', () => {
    const labels = encodeIdxLabels([1, 2]);
    expect(() => parseIdxImages(labels, 'f.idx')).toThrow(DatasetError);
    expect(() => parseIdxImages(labels, 'f.idx')).toThrow(
      'f.idx: wrong magic number 2049; an IDX images file starts with 2051',
    );
    const images = encodeIdxImages(new Uint8Array(4), 1, 2, 2);
    expect(() => parseIdxLabels(images, 'l.idx')).toThrow(
      'wrong magic number 2051; an IDX labels file starts with 2049',
    );
  });

  it('reports a truncated image file with the claimed and actual sizes', () => {
    const full = encodeIdxImages(new Uint8Array(3 * 4), 3, 2, 2);
    const cut = full.subarray(0, full.length - 5);
    expect(() => parseIdxImages(cut, 'imgs')).toThrow(
      'imgs: truncated: the header says 3 images of 2×2 (28 bytes) but the file holds 23 bytes',
    );
    expect(() => parseIdxImages(full.subarray(0, 10), 'imgs')).toThrow('truncated');
    expect(() => parseIdxImages(new Uint8Array(2), 'imgs')).toThrow('too short for an IDX header');
  });

  it('reports a truncated label file', () => {
    const cut = encodeIdxLabels([1, 2, 3, 4]).subarray(0, 10);
    expect(() => parseIdxLabels(cut, 'labs')).toThrow(
      'labs: truncated: the header says 4 labels (12 bytes) but the file holds 10 bytes',
    );
  });
});
