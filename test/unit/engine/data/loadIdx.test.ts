import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DatasetError } from '../../../../src-main/contract/errors';
import { loadDataset } from '../../../../src-main/engine/data/loadDataset';
import { findIdxFiles } from '../../../../src-main/engine/data/loadIdx';
import { encodeIdxLabels } from '../../../../src-main/engine/data/idxCodec';
import { pixel, put, removeTempDirs, tempDir, writeIdxSplit } from './fixtures';

afterAll(removeTempDirs);

describe('IDX reader', () => {
  it('reads raw train and test files with their pixels and labels', async () => {
    const dir = tempDir();
    writeIdxSplit(dir, { split: 'train', labels: [0, 2, 1, 2] });
    writeIdxSplit(dir, { split: 't10k', labels: [1, 0] });
    const loaded = await loadDataset(dir);
    expect(loaded.format).toBe('idx');
    const { train, test } = loaded;
    expect(train).toMatchObject({ count: 4, height: 4, width: 3, channels: 1, classes: 3 });
    expect(train.classNames).toEqual(['0', '1', '2']);
    expect(Array.from(train.labels)).toEqual([0, 2, 1, 2]);
    // image 3, row 2, col 1
    expect(train.images[3 * 12 + 2 * 3 + 1]).toBe(pixel(3, 2, 1));
    expect(test?.count).toBe(2);
    expect(test?.classes).toBe(3);
    expect(loaded.notes.join(' ')).toContain('no classes.json');
  });

  it('reads gzipped files with dotted names and class names from classes.json', async () => {
    const dir = tempDir();
    writeIdxSplit(dir, { split: 'train', labels: [0, 1, 1], gz: true, dotted: true });
    put(dir, 'classes.json', JSON.stringify({ classNames: ['cat', 'dog', 'eel'] }));
    const loaded = await loadDataset(dir);
    expect(loaded.train.classes).toBe(3);
    expect(loaded.train.classNames).toEqual(['cat', 'dog', 'eel']);
    expect(loaded.train.images[1 * 12 + 0]).toBe(pixel(1, 0, 0));
    expect(loaded.test).toBeNull();
    expect(loaded.notes).toContain('no t10k-* test files: there is no test split');
  });

  it('prefers the uncompressed file when both a raw and a .gz copy exist', () => {
    const files = findIdxFiles([
      'train-images-idx3-ubyte.gz',
      'train-images-idx3-ubyte',
      'train-labels.idx1-ubyte.gz',
    ]);
    expect(files).toEqual({
      trainImages: 'train-images-idx3-ubyte',
      trainLabels: 'train-labels.idx1-ubyte.gz',
    });
  });

  it('rejects image and label counts that differ', async () => {
    const dir = tempDir();
    writeIdxSplit(dir, { split: 'train', labels: [0, 1, 1] });
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), encodeIdxLabels([0, 1]));
    const err = await loadDataset(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).message).toContain(
      'holds 2 labels but train-images-idx3-ubyte holds 3 images',
    );
  });

  it('rejects a test label outside the train classes', async () => {
    const dir = tempDir();
    writeIdxSplit(dir, { split: 'train', labels: [0, 1, 2] });
    writeIdxSplit(dir, { split: 't10k', labels: [1, 3] });
    await expect(loadDataset(dir)).rejects.toThrow(
      'label 3 at index 1 is outside 0..2 (3 classes)',
    );
  });

  it('rejects a label beyond the names in classes.json', async () => {
    const dir = tempDir();
    writeIdxSplit(dir, { split: 'train', labels: [0, 12] });
    put(
      dir,
      'classes.json',
      JSON.stringify({ classNames: Array.from({ length: 10 }, (_, i) => `n${i}`) }),
    );
    await expect(loadDataset(dir)).rejects.toThrow(
      'label 12 at index 1 is outside 0..9 (10 classes)',
    );
  });

  it('rejects a malformed classes.json', async () => {
    const dir = tempDir();
    writeIdxSplit(dir, { split: 'train', labels: [0, 1] });
    put(dir, 'classes.json', '["a", "b"]');
    await expect(loadDataset(dir)).rejects.toThrow('must look like { "classNames"');
    put(dir, 'classes.json', '{ nope');
    await expect(loadDataset(dir)).rejects.toThrow('is not valid JSON');
  });

  it('reports corrupt gzip data as a DatasetError naming the file', async () => {
    const dir = tempDir();
    writeIdxSplit(dir, { split: 'train', labels: [0, 1], gz: true });
    const good = gzipSync(new Uint8Array(500));
    const bad = Uint8Array.from(good);
    bad.fill(0x55, 12, 30);
    put(dir, 'train-images-idx3-ubyte.gz', bad);
    const err = await loadDataset(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).file).toBe(join(dir, 'train-images-idx3-ubyte.gz'));
    expect((err as DatasetError).message).toContain('corrupt gzip data');
    put(dir, 'train-images-idx3-ubyte.gz', good.subarray(0, 20));
    await expect(loadDataset(dir)).rejects.toThrow('corrupt gzip data');
  });

  it('reports a .gz file that is not gzip data', async () => {
    const dir = tempDir();
    writeIdxSplit(dir, { split: 'train', labels: [0, 1], gz: true });
    put(dir, 'train-labels-idx1-ubyte.gz', encodeIdxLabels([0, 1]));
    await expect(loadDataset(dir)).rejects.toThrow('is named .gz but is not gzip data');
  });

  it('reports a data file it cannot read as a DatasetError with the reason', async () => {
    const dir = tempDir();
    writeIdxSplit(dir, { split: 'train', labels: [0, 1] });
    rmSync(join(dir, 'train-labels-idx1-ubyte'));
    mkdirSync(join(dir, 'train-labels-idx1-ubyte'));
    const err = await loadDataset(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toContain(
      'train-labels-idx1-ubyte: cannot read the file (EISDIR',
    );
  });

  it('requires the train pair and a complete test pair', async () => {
    const noLabels = tempDir();
    put(noLabels, 'train-images-idx3-ubyte', new Uint8Array(16));
    await expect(loadDataset(noLabels)).rejects.toThrow('no train-labels-idx1-ubyte[.gz] found');
    const halfTest = tempDir();
    writeIdxSplit(halfTest, { split: 'train', labels: [0, 1] });
    put(halfTest, 't10k-images-idx3-ubyte', new Uint8Array(16));
    await expect(loadDataset(halfTest)).rejects.toThrow(
      't10k-images-idx3-ubyte has no matching t10k-labels file',
    );
  });

  it('rejects test images whose size differs from the train images', async () => {
    const dir = tempDir();
    writeIdxSplit(dir, { split: 'train', labels: [0, 1] });
    writeIdxSplit(dir, { split: 't10k', labels: [0, 1], height: 5 });
    await expect(loadDataset(dir)).rejects.toThrow('test images are 5×3 but train images are 4×3');
  });
});
