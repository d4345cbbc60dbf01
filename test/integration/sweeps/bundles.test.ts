// Run bundles (issue #14, item 3): `npas train --bundle` writes a run as files only (no SQLite
// file anywhere, whatever NPAS_DATA_DIR says), a stopped bundle resumes from its checkpoint to
// the same numbers as a straight run, and `npas runs import` brings finished bundles in once:
// the same bundle twice adds no duplicate; partial, corrupt and newer-version bundles are
// refused with a BundleError and nothing of them is imported.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src-main/cli/main';
import { parseRunConfig } from '../../../src-main/contract/config';
import { BundleError } from '../../../src-main/contract/errors';
import { importBundle, importBundles, trainIntoBundle } from '../../../src-main/services/bundles';
import { openDataDir, type DataDir } from '../../../src-main/services/dataDir';
import {
  all,
  getGroups,
  getMetricHistory,
  listRunFiles,
  requireRun,
  sql,
  type RunId,
} from '../../../src-main/store';

const config = parseRunConfig({
  arch: 'cnn',
  method: 'ssn',
  budget: '25%',
  backend: 'wasm',
  seed: 2,
  training: { epochs: 2, batchSize: 32, lr: 0.05, maxStepsPerEpoch: 4, validationFraction: 0.05 },
});

let root = '';
let good = '';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'npas-bundles-'));
  good = join(root, 'good');
  writeFileSync(join(root, 'config.json'), JSON.stringify(config));
  // As a cluster task runs it: a child process, with a data folder in the environment that
  // --bundle must not touch.
  const result = spawnSync(
    process.execPath,
    ['bin/npas.js', 'train', '--config', join(root, 'config.json'), '--bundle', good],
    {
      encoding: 'utf8',
      env: { ...process.env, NPAS_DATA_DIR: join(root, 'must-not-exist'), NPAS_BACKEND: '' },
      timeout: 120_000,
    },
  );
  if (result.status !== 0) throw new Error(`npas train --bundle failed: ${result.stderr}`);
}, 150_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Every file under `dir`, relative. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

function freshDataDir(name: string): DataDir {
  return openDataDir(join(root, name));
}

/** A copy of the good bundle to damage. */
function copyOfGood(name: string): string {
  const dir = join(root, name);
  cpSync(good, dir, { recursive: true });
  return dir;
}

function editManifest(dir: string, edit: (manifest: Record<string, unknown>) => void) {
  const file = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(manifest);
  writeFileSync(file, JSON.stringify(manifest));
}

function runCount(dataDir: DataDir): number {
  return all(dataDir.db, sql`SELECT id FROM runs`).length;
}

function runFolders(dataDir: DataDir): string[] {
  return readdirSync(join(dataDir.path, 'runs'));
}

describe('npas train --bundle', () => {
  it('writes config, metrics lines, checkpoints, result and manifest, and no database anywhere', () => {
    expect(files(good)).toEqual(
      expect.arrayContaining([
        'checkpoints/best.ckpt',
        'checkpoints/last.ckpt',
        'config.json',
        'manifest.json',
        'metrics.jsonl',
        'result.json',
      ]),
    );
    expect(files(good).some((name) => /\.db|-wal|-shm/.test(name))).toBe(false);
    expect(existsSync(join(root, 'must-not-exist'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(good, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'npas-run-bundle',
      formatVersion: 1,
      status: 'completed',
    });
    expect(Object.keys(manifest.files)).toContain('metrics.jsonl');
  });

  it('continues a stopped bundle from its last checkpoint to the numbers of a straight run', async () => {
    const straight = join(root, 'straight');
    await trainIntoBundle(config, straight);
    const resumed = join(root, 'resumed');
    const stop = new AbortController();
    let steps = 0;
    const first = await trainIntoBundle(config, resumed, {
      stop: stop.signal,
      onEvent: (event) => {
        if (event.type === 'step' && ++steps === 5) stop.abort();
      },
    });
    expect(first.manifest.status).toBe('stopped');
    const second = await trainIntoBundle(config, resumed);
    expect(second.resumed).toBe(true);
    expect(second.manifest.attempts).toBe(2);
    expect(readFileSync(join(resumed, 'metrics.jsonl'), 'utf8')).toContain('"type":"resume"');

    const dataDir = freshDataDir('resume-store');
    try {
      const a = importBundle(dataDir, straight);
      const b = importBundle(dataDir, resumed);
      const numbers = (runId: RunId) =>
        getMetricHistory(dataDir.db, runId, { steps: true }).epochs.map(
          ({ seconds: _s, imagesPerSecond: _i, runId: _r, ...rest }) => rest,
        );
      expect(numbers(b.runId)).toEqual(numbers(a.runId));
      expect(numbers(a.runId)).toHaveLength(2);
    } finally {
      dataDir.close();
    }
  }, 120_000);
});

describe('npas runs import', () => {
  it('imports a finished bundle as a completed run with metrics, groups and checkpoints, once', () => {
    const dataDir = freshDataDir('store-once');
    try {
      const first = importBundle(dataDir, good);
      expect(first.added).toBe(true);
      const run = requireRun(dataDir.db, first.runId);
      expect(run.status).toBe('completed');
      expect(run.method).toBe('ssn');
      expect(run.budgetRequested).toBe('25%');
      expect(run.epochsDone).toBe(2);
      expect(run.bestValTop1).toBeGreaterThan(0);
      expect(getMetricHistory(dataDir.db, first.runId).epochs).toHaveLength(2);
      expect(getGroups(dataDir.db, first.runId, 'main').length).toBeGreaterThan(0);
      const checkpoints = listRunFiles(dataDir.db, first.runId, 'checkpoint').map((f) => f.path);
      expect(checkpoints).toContain(`runs/${first.runId}/last.ckpt`);
      expect(existsSync(join(dataDir.path, 'runs', first.runId, 'last.ckpt'))).toBe(true);

      const again = importBundle(dataDir, good);
      expect(again).toMatchObject({ added: false, runId: first.runId });
      expect(runCount(dataDir)).toBe(1);
      expect(runFolders(dataDir)).toEqual([first.runId]);
    } finally {
      dataDir.close();
    }
  });

  const refusals: [string, (dir: string) => void, RegExp][] = [
    [
      'a bundle whose run is still running (partial)',
      (dir) => editManifest(dir, (m) => Object.assign(m, { status: 'running', files: {} })),
      /partial: its run is running/,
    ],
    [
      'a bundle cut short (a checkpoint missing)',
      (dir) => rmSync(join(dir, 'checkpoints', 'last.ckpt')),
      /partial: checkpoints\/last\.ckpt is missing/,
    ],
    [
      'a bundle whose metrics were altered (corrupt)',
      (dir) => {
        const file = join(dir, 'metrics.jsonl');
        const text = readFileSync(file, 'utf8');
        writeFileSync(file, text.replace('"type":"step"', '"type":"stap"'));
      },
      /corrupt: metrics\.jsonl does not match its SHA-256/,
    ],
    [
      'a bundle whose manifest is not JSON (corrupt)',
      (dir) => writeFileSync(join(dir, 'manifest.json'), '{"format": "npas-run-bun'),
      /corrupt: manifest\.json is not valid JSON/,
    ],
    [
      'a bundle from a newer format version',
      (dir) => editManifest(dir, (m) => Object.assign(m, { formatVersion: 2, layout: 'new' })),
      /bundle format version 2, newer than this build reads \(1\)/,
    ],
  ];
  for (const [what, damage, message] of refusals) {
    it(`refuses ${what}, importing nothing of it`, () => {
      const dir = copyOfGood(what.replace(/\W+/g, '-'));
      damage(dir);
      const dataDir = freshDataDir(`store-${what.replace(/\W+/g, '-')}`);
      try {
        let error: unknown;
        try {
          importBundle(dataDir, dir);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(BundleError);
        expect((error as BundleError).kind).toBe('bundle');
        expect((error as Error).message).toMatch(message);
        expect((error as BundleError).path).toBe(dir);
        expect(runCount(dataDir)).toBe(0);
        expect(runFolders(dataDir)).toEqual([]);
      } finally {
        dataDir.close();
      }
    });
  }

  it('imports a folder of bundles, naming each refused one, and exits 2 from the CLI', async () => {
    const folder = join(root, 'folder');
    cpSync(good, join(folder, 'cell-0'), { recursive: true });
    cpSync(good, join(folder, 'cell-1'), { recursive: true });
    editManifest(join(folder, 'cell-1'), (m) => Object.assign(m, { status: 'stopped', files: {} }));
    const dataPath = join(root, 'store-folder');
    const errors: string[] = [];
    const logs: string[] = [];
    const error = vi
      .spyOn(console, 'error')
      .mockImplementation((...a) => void errors.push(a.join(' ')));
    const log = vi.spyOn(console, 'log').mockImplementation((...a) => void logs.push(a.join(' ')));
    try {
      expect(await main(['runs', 'import', folder, '--data-dir', dataPath])).toBe(2);
      // Once more: the good one is already there, nothing is added.
      expect(await main(['runs', 'import', folder, '--data-dir', dataPath])).toBe(2);
    } finally {
      error.mockRestore();
      log.mockRestore();
    }
    expect(logs[0]).toMatch(/^imported .*cell-0 as run /);
    expect(logs[1]).toMatch(/^already imported .*cell-0 as run /);
    expect(errors[0]).toMatch(/refused .*cell-1: partial: its run is stopped/);
    const dataDir = openDataDir(dataPath);
    try {
      expect(runCount(dataDir)).toBe(1);
      expect(importBundles(dataDir, folder).refused.map((r) => r.path)).toEqual([
        join(folder, 'cell-1'),
      ]);
    } finally {
      dataDir.close();
    }
  });
});
