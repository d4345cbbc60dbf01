// Dataset import for the Run screen: the sample's preview, a folder validated by loading it,
// registered in datasets.json with progress events, and a wrong format refused with the folder
// named and the list unchanged.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import type { DatasetImportProgress } from '../../../src-main/contract/wire';
import { createDatasetsService, registryFile } from '../../../src-main/services/datasets';
import { resolveSampleDir } from '../../../src-main/engine/data';
import { cleanup, tempDir } from '../../integration/server/helpers';

afterAll(cleanup);

describe('the datasets service', () => {
  it('previews the sample, imports a folder with progress and refuses a wrong format', async () => {
    const dataDir = tempDir();
    const progress: DatasetImportProgress[] = [];
    const datasets = createDatasetsService({
      dataDir: () => dataDir,
      emit: (p) => progress.push(p),
    });
    const sample = await datasets.preview('sample');
    expect(sample.dataset).toMatchObject({
      id: 'sample',
      builtin: true,
      format: 'idx',
      height: 28,
      width: 28,
      channels: 1,
      classes: 10,
    });
    expect(sample.preview.images).toHaveLength(12);
    // Round-robin over the classes: the first ten images show ten different classes.
    expect(new Set(sample.preview.images.slice(0, 10).map((i) => i.label)).size).toBe(10);
    expect(sample.preview.classCounts.reduce((a, b) => a + b, 0)).toBe(sample.dataset.trainCount);
    const png = PNG.sync.read(
      Buffer.from(sample.preview.images[0].dataUrl.split(',')[1], 'base64'),
    );
    expect([png.width, png.height]).toEqual([28, 28]);

    const folder = join(tempDir(), 'my-fashion');
    cpSync(resolveSampleDir(), folder, { recursive: true });
    const imported = await datasets.import(folder);
    expect(imported.dataset).toMatchObject({
      name: 'my-fashion',
      path: folder,
      builtin: false,
      trainCount: sample.dataset.trainCount,
    });
    expect(progress.map((p) => p.stage)).toEqual(['reading', 'preview', 'saving', 'done']);
    expect((await datasets.list()).map((d) => d.id)).toEqual(['sample', imported.dataset.id]);
    const before = readFileSync(registryFile(dataDir), 'utf8');

    progress.length = 0;
    await expect(datasets.import(folder, 'cifar10')).rejects.toMatchObject({
      kind: 'dataset',
      message: expect.stringContaining(folder),
    });
    expect(progress.at(-1)).toMatchObject({ stage: 'failed', path: folder });
    expect(readFileSync(registryFile(dataDir), 'utf8')).toBe(before);
    await expect(datasets.preview('nope')).rejects.toThrow(/nope: is not a known dataset/);
  });
});
