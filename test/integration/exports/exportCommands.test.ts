// `npas export`, `npas eval` and `npas predict` as a user runs them (in this process, through
// the same `main`), on a recorded run and on a compact file, and every bad input the issue lists
// as a typed error: no checkpoint, a failed run, an unknown format, a member out of range, an
// image of another size or channel count (adapted, and said so), an unreadable image, and an
// existing output path without --force.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../helpers/cliInProcess';
import { parseRunConfig, CONFIG_SCHEMA_VERSION } from '../../../src-main/contract/config';
import { CheckpointError, ConfigError, DatasetError } from '../../../src-main/contract/errors';
import { openDataDir } from '../../../src-main/services/dataDir';
import { exportModel, predictImages, sourceFromRun } from '../../../src-main/services/exports';
import { insertRun, updateRunStatus } from '../../../src-main/store';
import type { TrainedSource } from '../../../src-main/services/exports';
import { recordTrainedRun, SSN_RUN, trainTiny } from './trainedRun';

const npas = runCliInProcess;

function png(file: string, width: number, height: number, gray: boolean): string {
  const image = new PNG({ width, height, colorType: gray ? 0 : 2 });
  for (let i = 0; i < width * height; i++)
    image.data.set([(i * 7) % 256, (i * 3) % 256, 99, 255], 4 * i);
  writeFileSync(file, PNG.sync.write(image, { colorType: gray ? 0 : 2 }));
  return file;
}

describe('npas export, eval and predict', () => {
  let run: { dir: string; source: TrainedSource };
  let root: string;
  let dataPath: string;
  let runId: string;
  beforeAll(async () => {
    run = await trainTiny();
    root = mkdtempSync(join(tmpdir(), 'npas-export-cli-'));
    dataPath = join(root, 'data');
    runId = recordTrainedRun(dataPath, run.dir);
  }, 120_000);

  it('exports a recorded run to ONNX and reports the compact and materialised sizes as JSON', async () => {
    const out = join(root, 'model.onnx');
    const r = await npas([
      'export',
      runId,
      '--format',
      'onnx',
      '--out',
      out,
      '--data-dir',
      dataPath,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ format: 'onnx', path: out, members: [0] });
    expect(result.compactBytes).toBeLessThan(result.bytes);
  });

  it('refuses an existing output path unless --force', async () => {
    const out = join(root, 'twice.safetensors');
    const args = ['export', runId, '--format', 'safetensors', '--out', out, '--data-dir', dataPath];
    expect((await npas(args)).code).toBe(0);
    const again = await npas(args);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${out} exists; pass --force`);
    expect((await npas([...args, '--force'])).code).toBe(0);
  });

  it('refuses an unknown format, naming it and the valid ones', async () => {
    const r = await npas(['export', runId, '--format', 'pdf', '--data-dir', dataPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown export format "pdf"; valid: onnx, safetensors, tfjs, npas');
  });

  it('refuses a member index out of range', async () => {
    await expect(
      exportModel(run.source, { format: 'onnx', members: [2], outDir: root }),
    ).rejects.toThrow(ConfigError);
    const r = await npas([
      'export',
      runId,
      '--format',
      'onnx',
      '--member',
      '2',
      '--data-dir',
      dataPath,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('member 2 is out of range: this network has 1 member (0–0)');
  });

  it('refuses a run with no checkpoint and a failed run', async () => {
    const dataDir = openDataDir(dataPath);
    try {
      const config = parseRunConfig(SSN_RUN);
      const base = {
        method: 'ssn' as const,
        arch: config.arch,
        dataset: 'sample',
        config,
        configSchemaVersion: CONFIG_SCHEMA_VERSION,
        seed: 1,
      };
      const empty = insertRun(dataDir.db, { ...base, name: 'empty' });
      await expect(sourceFromRun(dataDir, empty.id)).rejects.toThrow(CheckpointError);
      await expect(sourceFromRun(dataDir, empty.id)).rejects.toThrow(
        `run ${empty.id} has no checkpoint`,
      );
      const failed = insertRun(dataDir.db, { ...base, name: 'failed' });
      updateRunStatus(dataDir.db, failed.id, 'running');
      updateRunStatus(dataDir.db, failed.id, 'failed', { error: 'loss diverged' });
      await expect(sourceFromRun(dataDir, failed.id)).rejects.toThrow(
        `run ${failed.id} failed (loss diverged)`,
      );
    } finally {
      dataDir.close();
    }
  });

  it('evaluates a compact file with top-1, top-5 and loss', async () => {
    const file = join(root, 'tiny.npas');
    expect(
      (await npas(['export', runId, '--format', 'npas', '--out', file, '--data-dir', dataPath]))
        .code,
    ).toBe(0);
    const r = await npas(['eval', file, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.count).toBe(1000);
    expect(report.top5).toBeGreaterThanOrEqual(report.top1);
    expect(report.loss).toBeGreaterThan(0);
  }, 60_000);

  it('predicts the top-5 named classes and says when an image of another size and channel count was adapted', async () => {
    const fits = png(join(root, 'fits.png'), 28, 28, true);
    const other = png(join(root, 'other.png'), 40, 36, false);
    const r = await npas(['predict', runId, fits, other, '--data-dir', dataPath, '--json']);
    expect(r.code).toBe(0);
    const [a, b] = JSON.parse(r.stdout);
    expect(a.top5).toHaveLength(5);
    expect(run.source.plan.classNames).toContain(a.top5[0].name);
    expect(a.adapted).toBeNull();
    expect(b.adapted).toContain('36×40×3 → 28×28×1');
    expect(b.adapted).toContain('channels averaged to 1');
  });

  it('refuses an unreadable image with a DatasetError naming the file', async () => {
    const garbage = join(root, 'garbage.png');
    writeFileSync(garbage, 'not an image');
    await expect(predictImages(run.source, [garbage])).rejects.toThrow(DatasetError);
    await expect(predictImages(run.source, [join(root, 'missing.png')])).rejects.toThrow(
      /missing\.png: cannot read the image \(ENOENT\)/,
    );
  });
});
