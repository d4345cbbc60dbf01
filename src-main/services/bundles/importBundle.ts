// `npas runs import PATH` (issue #14): brings finished run bundles into a data folder's store.
// Each bundle is read and checked in full first (readBundle), then its run, metrics, sharing
// groups, checkpoint files and its bundle id go in with one transaction, so a refused or failing
// bundle leaves nothing behind. A bundle id already imported is skipped: importing twice adds
// no duplicate.
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BundleError } from '../../contract/errors';
import type { Accounting } from '../../engine/npas/provider';
import type { RunEnvironment } from '../../engine/protocol';
import {
  addRunFile,
  getImportedBundle,
  insertRun,
  newRunId,
  recordImportedBundle,
  toStoredPath,
  updateRunStatus,
  writeTransaction,
  type RunId,
} from '../../store';
import type { DataDir } from '../dataDir';
import { JobEvents } from '../jobs/events';
import { JobRecorder } from '../jobs/jobRecorder';
import { MANIFEST_FILE } from './bundleFormat';
import { newRunOf } from '../runs/newRunOf';
import { describeFile } from './bundleFiles';
import { readBundle, type BundleContents } from './readBundle';

export interface ImportedBundle {
  path: string;
  bundleId: string;
  runId: RunId;
  /** False when the bundle was imported before (nothing was added). */
  added: boolean;
}

export interface ImportReport {
  imported: ImportedBundle[];
  refused: { path: string; error: BundleError }[];
}

/**
 * Imports the bundle at `path`, or every bundle in the folder `path` (its sub-folders holding a
 * manifest). A single bundle that is refused throws its BundleError; in a folder, refused
 * bundles are reported and the others imported.
 */
export function importBundles(dataDir: DataDir, path: string): ImportReport {
  const root = resolve(path);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new BundleError(root, 'not a folder: give a run bundle or a folder of bundles');
  }
  if (existsSync(join(root, MANIFEST_FILE))) {
    return { imported: [importBundle(dataDir, root)], refused: [] };
  }
  const report: ImportReport = { imported: [], refused: [] };
  const children = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, entry.name))
    .filter((dir) => looksLikeBundle(dir))
    .sort();
  if (!children.length) {
    throw new BundleError(root, `holds no run bundle (no ${MANIFEST_FILE} in it or its folders)`);
  }
  for (const dir of children) {
    try {
      report.imported.push(importBundle(dataDir, dir));
    } catch (error) {
      if (!(error instanceof BundleError)) throw error;
      report.refused.push({ path: dir, error });
    }
  }
  return report;
}

/** A folder a bundle writer touched: it has a manifest, or a bundle's config or metrics. */
function looksLikeBundle(dir: string): boolean {
  return ['manifest.json', 'config.json', 'metrics.jsonl'].some((name) =>
    existsSync(join(dir, name)),
  );
}

/** Imports one bundle folder; throws BundleError (nothing imported) when it is refused. */
export function importBundle(dataDir: DataDir, path: string): ImportedBundle {
  const dir = resolve(path);
  const bundle = readBundle(dir);
  const db = dataDir.db;
  const before = getImportedBundle(db, bundle.manifest.bundleId);
  if (before) {
    return { path: dir, bundleId: before.bundleId, runId: before.runId, added: false };
  }
  const runId = newRunId(bundle.manifest.createdAt);
  const runDir = dataDir.runDir(runId);
  // Checkpoints are copied before the transaction; if it fails the copy is removed again.
  for (const name of bundle.checkpointFiles) {
    cpSync(join(dir, name), join(runDir, name.slice('checkpoints/'.length)));
  }
  try {
    return writeTransaction(db, () => {
      // Checked again inside the write lock: two imports of one bundle at once add one run.
      const raced = getImportedBundle(db, bundle.manifest.bundleId);
      if (raced) {
        rmSync(runDir, { recursive: true, force: true });
        return { path: dir, bundleId: raced.bundleId, runId: raced.runId, added: false };
      }
      recordRun(dataDir, runId, runDir, bundle);
      recordImportedBundle(db, bundle.manifest.bundleId, runId, dir);
      return { path: dir, bundleId: bundle.manifest.bundleId, runId, added: true };
    });
  } catch (error) {
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
}

/** Writes the run as the job queue would have while training it (same recorder). */
function recordRun(dataDir: DataDir, runId: RunId, runDir: string, bundle: BundleContents): void {
  const db = dataDir.db;
  const { config, manifest, started } = bundle;
  insertRun(db, { ...newRunOf(config, manifest.name), id: runId, createdAt: manifest.createdAt });
  updateRunStatus(db, runId, 'running', { at: manifest.createdAt });
  const recorder = new JobRecorder(db, dataDir.path, new JobEvents(), runId, 'bundle', []);
  const environment = {
    ...started.environment,
    bundle: { id: manifest.bundleId, path: bundle.dir, attempts: manifest.attempts },
  } as unknown as RunEnvironment;
  recorder.started(environment, started.accounting as Accounting, config.seed, started.notes);
  for (const event of bundle.events) recorder.event(event);
  recorder.flush();
  for (const name of bundle.checkpointFiles) {
    const file = join(runDir, name.slice('checkpoints/'.length));
    addRunFile(db, {
      runId,
      kind: 'checkpoint',
      path: toStoredPath(dataDir.path, file),
      bytes: describeFile(file).bytes,
    });
  }
  updateRunStatus(db, runId, 'completed', { at: manifest.finishedAt ?? manifest.updatedAt });
}
