import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigError,
  DatasetError,
  DatasetNotRecognisedError,
} from '../../../../src-main/contract/errors';
import { loadDataset } from '../../../../src-main/engine/data/loadDataset';
import { resolveSampleDir } from '../../../../src-main/engine/data/sampleDir';
import {
  cifarBytes,
  grayRgba,
  pngBytes,
  put,
  removeTempDirs,
  tempDir,
  writeIdxSplit,
} from './fixtures';

afterAll(removeTempDirs);
afterEach(() => vi.unstubAllEnvs());

const FASHION = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

function perClass(labels: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

describe('loadDataset', () => {
  it('loads the bundled Fashion-MNIST sample: 6000 / 1000 images, 10 balanced named classes', async () => {
    const { format, train, test } = await loadDataset('sample');
    expect(format).toBe('idx');
    expect(train).toMatchObject({ count: 6000, height: 28, width: 28, channels: 1, classes: 10 });
    expect(train.images.length).toBe(6000 * 784);
    expect(train.classNames).toEqual(FASHION);
    expect(perClass(train.labels, 10)).toEqual(new Array(10).fill(600));
    expect(test?.count).toBe(1000);
    expect(perClass(test?.labels ?? new Int32Array(), 10)).toEqual(new Array(10).fill(100));
    expect(train.name).toBe('Fashion-MNIST sample (train)');
  });

  it('finds the sample through NPAS_RESOURCES_DIR, and names the folder when it is wrong', async () => {
    const resources = join(resolveSampleDir(), '..', '..');
    expect(resolveSampleDir({ NPAS_RESOURCES_DIR: resources })).toBe(
      join(resources, 'sample', 'fashion-mnist'),
    );
    const bogus = tempDir();
    expect(() => resolveSampleDir({ NPAS_RESOURCES_DIR: bogus })).toThrow(DatasetError);
    expect(() => resolveSampleDir({ NPAS_RESOURCES_DIR: bogus })).toThrow(
      'bundled sample not found under NPAS_RESOURCES_DIR',
    );
    vi.stubEnv('NPAS_RESOURCES_DIR', bogus);
    await expect(loadDataset('sample')).rejects.toThrow(DatasetError);
  });

  it('lists the places it looked when no resources folder is above the code', () => {
    const nowhere = pathToFileURL(join(tempDir(), 'a', 'b.js')).href;
    expect(() => resolveSampleDir({}, nowhere)).toThrow(
      /bundled sample not found; looked in .*resources/,
    );
  });

  it('auto-detects each format', async () => {
    const idx = tempDir();
    writeIdxSplit(idx, { split: 'train', labels: [0, 1] });
    const c10 = tempDir();
    put(c10, 'test_batch.bin', cifarBytes([[1]]));
    put(c10, 'data_batch_1.bin', cifarBytes([[1]]));
    const c100 = tempDir();
    put(c100, 'cifar-100-binary/train.bin', cifarBytes([[1, 2]]));
    const folder = tempDir();
    put(folder, 'x/1.png', pngBytes(grayRgba(0, 2, 2), 2, 2, 0));
    put(folder, 'y/1.png', pngBytes(grayRgba(1, 2, 2), 2, 2, 0));
    const formats = await Promise.all(
      [idx, c10, c100, folder].map(async (d) => (await loadDataset(d)).format),
    );
    expect(formats).toEqual(['idx', 'cifar10', 'cifar100', 'folder']);
  });

  it('uses the forced format instead of detection', async () => {
    const dir = tempDir();
    writeIdxSplit(dir, { split: 'train', labels: [0, 1] });
    put(dir, 'x/1.png', pngBytes(grayRgba(0, 2, 2), 2, 2, 0));
    put(dir, 'y/1.png', pngBytes(grayRgba(1, 2, 2), 2, 2, 0));
    expect((await loadDataset(dir)).format).toBe('idx');
    const forced = await loadDataset(dir, { format: 'folder' });
    expect(forced.format).toBe('folder');
    expect(forced.train.classNames).toEqual(['x', 'y']);
    await expect(loadDataset(dir, { format: 'cifar10' })).rejects.toThrow('no CIFAR-10 binary');
  });

  it('lists what it looked for when nothing is recognisable', async () => {
    const dir = tempDir();
    put(dir, 'notes.txt', 'hello');
    const err = await loadDataset(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    const message = (err as Error).message;
    expect(message).toContain('no dataset recognised');
    for (const word of [
      'train-images-idx3-ubyte',
      'data_batch_1..5.bin',
      'train.bin',
      'train/<class>/',
    ]) {
      expect(message).toContain(word);
    }
  });

  it('answers "no dataset recognised here" for a folder of unrelated sub-folders, not an error about one of them', async () => {
    const dir = tempDir();
    put(dir, 'apt/sources.list', 'deb http://deb.debian.org/debian stable main');
    put(dir, 'ssl/certs/ca.pem', '-----BEGIN CERTIFICATE-----');
    put(dir, 'hosts', '127.0.0.1 localhost');
    const err = await loadDataset(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetNotRecognisedError);
    expect(err).toBeInstanceOf(DatasetError);
    const notRecognised = err as DatasetNotRecognisedError;
    expect(notRecognised.file).toBe(dir);
    expect(notRecognised.message).toContain(`${dir}: no dataset recognised here`);
    expect(notRecognised.message).not.toContain('apt');
    expect(notRecognised.message).not.toContain('empty class folder');
    expect(notRecognised.lookedFor).toHaveLength(4);
    expect(notRecognised.lookedFor.join(' ')).toMatch(
      /IDX files.*CIFAR-10 binary batches.*CIFAR-100.*one sub-folder of images per class/,
    );
  });

  it('answers "no dataset recognised here" for /etc', async () => {
    const err = await loadDataset('/etc').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetNotRecognisedError);
    expect((err as Error).message).toMatch(/^\/etc: no dataset recognised here\. Looked for /);
  });

  it('rejects a path that does not exist and a path that is a file', async () => {
    const missing = join(tempDir(), 'nope');
    const err = await loadDataset(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).file).toBe(missing);
    expect((err as Error).message).toContain('does not exist');
    const file = put(tempDir(), 'data_batch_1.bin', cifarBytes([[1]]));
    await expect(loadDataset(file)).rejects.toThrow(
      'is a file, not a folder; give the folder that holds the dataset files',
    );
  });

  it('rejects an unknown format name with a ConfigError', async () => {
    const options = { format: 'mnist' } as unknown as { format: 'idx' };
    await expect(loadDataset(tempDir(), options)).rejects.toThrow(ConfigError);
    await expect(loadDataset(tempDir(), options)).rejects.toThrow(
      'unknown dataset format "mnist"; use auto, idx, cifar10, cifar100, folder',
    );
  });
});
