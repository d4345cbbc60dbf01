import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../../../src-main/contract/errors';
import { loadDataset } from '../../../../src-main/engine/data/loadDataset';
import { cifarBytes, pixel, put, removeTempDirs, tempDir } from './fixtures';

afterAll(removeTempDirs);

const CIFAR10_NAMES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

describe('CIFAR binary reader', () => {
  it('reads CIFAR-10 batches in numeric order and converts CHW to HWC', async () => {
    const dir = tempDir();
    put(dir, 'data_batch_2.bin', cifarBytes([[7]]));
    put(dir, 'data_batch_1.bin', cifarBytes([[3], [9]]));
    put(dir, 'test_batch.bin', cifarBytes([[5]]));
    put(dir, 'batches.meta.txt', `${CIFAR10_NAMES.join('\n')}\n\n`);
    const loaded = await loadDataset(dir);
    expect(loaded.format).toBe('cifar10');
    const { train, test } = loaded;
    expect(train).toMatchObject({ count: 3, height: 32, width: 32, channels: 3, classes: 10 });
    expect(Array.from(train.labels)).toEqual([3, 9, 7]);
    expect(train.classNames).toEqual(CIFAR10_NAMES);
    // image 1 of data_batch_1, pixel (5, 6), channel 2 (blue plane in the file)
    const at = ((1 * 32 + 5) * 32 + 6) * 3 + 2;
    expect(train.images[at]).toBe(pixel(1, 5, 6, 2));
    // image 2 is image 0 of data_batch_2
    expect(train.images[2 * 3072 + ((4 * 32 + 31) * 3 + 0)]).toBe(pixel(0, 4, 31, 0));
    expect(test?.count).toBe(1);
    expect(Array.from(test?.labels ?? [])).toEqual([5]);
    expect(loaded.notes.join(' ')).toContain('only 2 of 5 CIFAR-10 training batches');
  });

  it('finds the cifar-10-batches-bin folder one level down and numbers classes without meta', async () => {
    const root = tempDir();
    put(root, 'cifar-10-batches-bin/data_batch_1.bin', cifarBytes([[0], [1]]));
    const loaded = await loadDataset(root);
    expect(loaded.format).toBe('cifar10');
    expect(loaded.train.classNames[9]).toBe('9');
    expect(loaded.test).toBeNull();
  });

  it('reads CIFAR-100 fine labels with their names', async () => {
    const dir = tempDir();
    put(
      dir,
      'train.bin',
      cifarBytes([
        [1, 42],
        [19, 99],
      ]),
    );
    put(dir, 'test.bin', cifarBytes([[0, 7]]));
    put(dir, 'fine_label_names.txt', Array.from({ length: 100 }, (_, i) => `f${i}`).join('\n'));
    const loaded = await loadDataset(dir);
    expect(loaded.format).toBe('cifar100');
    expect(loaded.train.classes).toBe(100);
    expect(Array.from(loaded.train.labels)).toEqual([42, 99]);
    expect(loaded.train.classNames[42]).toBe('f42');
    expect(loaded.train.images[3072 + 3 * 10 + 1]).toBe(pixel(1, 0, 10, 1));
    expect(Array.from(loaded.test?.labels ?? [])).toEqual([7]);
  });

  it('rejects a file whose size is not a multiple of the record size', async () => {
    const dir = tempDir();
    put(dir, 'data_batch_1.bin', cifarBytes([[1], [2]]).subarray(0, 5000));
    const err = await loadDataset(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toContain(
      'size 5000 bytes is not a positive multiple of the 3073-byte cifar10 record',
    );
  });

  it('rejects a CIFAR-10 label of 12', async () => {
    const dir = tempDir();
    put(dir, 'data_batch_1.bin', cifarBytes([[1], [12]]));
    await expect(loadDataset(dir)).rejects.toThrow(
      'label 12 at index 1 is outside 0..9 (10 classes)',
    );
  });

  it('rejects a CIFAR-100 fine label above 99', async () => {
    const dir = tempDir();
    put(dir, 'train.bin', cifarBytes([[1, 100]]));
    await expect(loadDataset(dir)).rejects.toThrow(
      'label 100 at index 0 is outside 0..99 (100 classes)',
    );
  });

  it('says when a forced CIFAR-100 folder has no train.bin', async () => {
    const dir = tempDir();
    put(dir, 'test.bin', cifarBytes([[1, 1]]));
    await expect(loadDataset(dir, { format: 'cifar100' })).rejects.toThrow('no train.bin found');
  });
});
