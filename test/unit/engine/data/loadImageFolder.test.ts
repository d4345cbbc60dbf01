import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../../../src-main/contract/errors';
import { loadDataset } from '../../../../src-main/engine/data/loadDataset';
import { decodeImage } from '../../../../src-main/engine/data/decodeImage';
import {
  colourRgba,
  grayRgba,
  jpegBytes,
  pixel,
  pngBytes,
  put,
  removeTempDirs,
  tempDir,
} from './fixtures';

afterAll(removeTempDirs);

function grayPng(n: number, h = 3, w = 2): Uint8Array {
  return pngBytes(grayRgba(n, h, w), h, w, 0);
}

describe('image folder reader', () => {
  it('keeps a folder of grayscale PNGs single-channel with sorted class names', async () => {
    const dir = tempDir();
    put(dir, 'train/zebra/a.png', grayPng(0));
    put(dir, 'train/ant/b.png', grayPng(1));
    put(dir, 'train/ant/a.PNG', grayPng(2));
    put(dir, 'train/ant/notes.txt', 'ignored');
    put(dir, 'test/zebra/c.png', grayPng(3));
    const loaded = await loadDataset(dir);
    expect(loaded.format).toBe('folder');
    const { train, test } = loaded;
    expect(train.classNames).toEqual(['ant', 'zebra']);
    expect(train).toMatchObject({ count: 3, height: 3, width: 2, channels: 1, classes: 2 });
    // ant/a.PNG (image 2) sorts before ant/b.png; then zebra/a.png
    expect(Array.from(train.labels)).toEqual([0, 0, 1]);
    expect(train.images[0 * 6 + 2 * 2 + 1]).toBe(pixel(2, 2, 1));
    expect(train.images[1 * 6 + 3]).toBe(pixel(1, 1, 1));
    expect(test?.count).toBe(1);
    expect(Array.from(test?.labels ?? [])).toEqual([1]);
    expect(test?.images[5]).toBe(pixel(3, 2, 1));
  });

  it('decodes RGB and RGBA PNGs to 3 channels, dropping alpha, in the flat <class>/ layout', async () => {
    const dir = tempDir();
    put(dir, 'cats/1.png', pngBytes(colourRgba(0, 2, 2, 7), 2, 2, 6));
    put(dir, 'dogs/1.png', pngBytes(colourRgba(1, 2, 2), 2, 2, 2));
    put(dir, 'dogs/2.png', grayPng(2, 2, 2));
    const loaded = await loadDataset(dir);
    const { train } = loaded;
    expect(loaded.test).toBeNull();
    expect(train).toMatchObject({ count: 3, channels: 3, classes: 2 });
    expect(Array.from(train.images.subarray(3 * 3, 4 * 3))).toEqual(
      [0, 1, 2].map((c) => pixel(0, 1, 1, c)),
    );
    expect(Array.from(train.images.subarray(12, 15))).toEqual(
      [0, 1, 2].map((c) => pixel(1, 0, 0, c)),
    );
    // the gray PNG is repeated into 3 equal channels
    const v = pixel(2, 1, 0);
    expect(Array.from(train.images.subarray(24 + 6, 24 + 9))).toEqual([v, v, v]);
    expect(loaded.notes).toContain('images decoded as RGB: 3 channels');
  });

  it('decodes JPEG files to RGB within a few levels', async () => {
    const dir = tempDir();
    put(dir, 'red/x.jpg', jpegBytes(8, 8, [200, 30, 40]));
    put(dir, 'blue/x.jpeg', jpegBytes(8, 8, [10, 20, 230]));
    const { train } = await loadDataset(dir);
    expect(train).toMatchObject({ count: 2, height: 8, width: 8, channels: 3 });
    const blue = Array.from(train.images.subarray(0, 3));
    const red = Array.from(train.images.subarray(192, 195));
    [10, 20, 230].forEach((v, c) => expect(Math.abs(blue[c] - v)).toBeLessThanOrEqual(4));
    [200, 30, 40].forEach((v, c) => expect(Math.abs(red[c] - v)).toBeLessThanOrEqual(4));
  });

  it('rejects images of mixed sizes, naming both sizes', async () => {
    const dir = tempDir();
    put(dir, 'a/1.png', grayPng(0, 3, 2));
    const odd = put(dir, 'b/1.png', grayPng(1, 4, 2));
    const err = await loadDataset(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).file).toBe(odd);
    expect((err as Error).message).toMatch(
      /is 4×2 but .*a\/1\.png is 3×2; all images must have one size/,
    );
  });

  it('rejects a test image whose size differs from the train images', async () => {
    const dir = tempDir();
    put(dir, 'train/a/1.png', grayPng(0));
    put(dir, 'train/b/1.png', grayPng(1));
    put(dir, 'test/a/1.png', grayPng(2, 5, 5));
    await expect(loadDataset(dir)).rejects.toThrow('is 5×5 but');
  });

  it('rejects an empty class folder', async () => {
    const dir = tempDir();
    put(dir, 'a/1.png', grayPng(0));
    put(dir, 'b/readme.txt', 'no images here');
    await expect(loadDataset(dir)).rejects.toThrow(
      /b: empty class folder: no \.png, \.jpg or \.jpeg images/,
    );
  });

  it('rejects a corrupt PNG and a corrupt JPEG', async () => {
    const png = tempDir();
    put(png, 'a/1.png', grayPng(0));
    const broken = Uint8Array.from(grayPng(1));
    broken.fill(0, 20, broken.length - 12);
    put(png, 'b/1.png', broken);
    const err = await loadDataset(png).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toMatch(/b\/1\.png: cannot decode the image/);

    const jpg = tempDir();
    put(jpg, 'a/1.jpg', jpegBytes(8, 8, [1, 2, 3]));
    put(jpg, 'b/1.jpg', jpegBytes(8, 8, [1, 2, 3]).subarray(0, 40));
    await expect(loadDataset(jpg)).rejects.toThrow(/b\/1\.jpg: cannot decode the image/);

    const text = tempDir();
    put(text, 'a/1.png', grayPng(0));
    put(text, 'b/1.png', 'not an image at all');
    await expect(loadDataset(text)).rejects.toThrow('is neither PNG nor JPEG data');
  });

  it('rejects a test class that is not a train class', async () => {
    const dir = tempDir();
    put(dir, 'train/a/1.png', grayPng(0));
    put(dir, 'train/b/1.png', grayPng(1));
    put(dir, 'test/c/1.png', grayPng(2));
    await expect(loadDataset(dir)).rejects.toThrow(
      'class "c" is not among the train classes (a, b)',
    );
  });

  it('rejects a test folder without any class folder', async () => {
    const dir = tempDir();
    put(dir, 'train/a/1.png', grayPng(0));
    put(dir, 'train/b/1.png', grayPng(1));
    put(dir, 'test/readme.txt', 'nothing');
    await expect(loadDataset(dir)).rejects.toThrow(
      'test folder holds no class folders with images',
    );
  });

  it('needs at least two class folders', async () => {
    const dir = tempDir();
    put(dir, 'only/1.png', grayPng(0));
    await expect(loadDataset(dir)).rejects.toThrow('found 1 class folder(s) (only)');
  });

  it('decodes by content, whatever the extension says', () => {
    const image = decodeImage(jpegBytes(2, 2, [50, 60, 70]), 'mislabelled.png');
    expect(image).toMatchObject({ width: 2, height: 2, gray: false });
  });
});
