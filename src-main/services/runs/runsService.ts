// Run management over the store, independent of transport (issue #5): the command line, the
// app's IPC and browser mode call these same functions. Listing, details, tags, notes,
// archiving, deletion (with the run's files) and exports.
import { rmSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import {
  addTag,
  deleteRun,
  listRuns,
  listTags,
  removeTag,
  requireRun,
  setArchived,
  setNote,
  writeTransaction,
  type RunId,
  type RunListPage,
  type RunListQuery,
} from '../../store';
import type { DataDir } from '../dataDir';
import {
  exportMetricsCsv,
  exportRunConfigJson,
  exportRunHistoryJson,
  exportRunJson,
  exportRunsCsv,
  type RunExport,
  type RunHistoryExport,
} from './exportRuns';
import { readRunDetails, type RunDetails } from './runDetails';

/** What deleting a run removed, and what it could not. */
export interface RemovedRun {
  id: RunId;
  /** Files and folders deleted. */
  deleted: string[];
  /** Paths that could not be deleted, with the reason (the run itself is gone). */
  leftovers: { path: string; reason: string }[];
}

export interface RunsService {
  list(query?: RunListQuery): RunListPage;
  show(id: RunId, options?: { steps?: boolean }): RunDetails;
  /** Adds tags; returns the run's tags after. */
  tag(id: RunId, tags: readonly string[]): string[];
  /** Removes tags; returns the run's tags after. */
  untag(id: RunId, tags: readonly string[]): string[];
  note(id: RunId, markdown: string): void;
  archive(id: RunId): void;
  unarchive(id: RunId): void;
  /** Deletes the run, its rows and its files (refused while it runs). */
  remove(id: RunId): RemovedRun;
  exportRunsCsv(query?: Omit<RunListQuery, 'page'>): string;
  exportMetricsCsv(id: RunId, options?: { steps?: boolean }): string;
  exportRunJson(id: RunId): RunExport;
  /** The run's epochs and steps alone. */
  exportRunHistoryJson(id: RunId): RunHistoryExport;
  /** The run's config alone, as stored. */
  exportRunConfigJson(id: RunId): Record<string, unknown>;
}

/** The runs service over an open data folder. */
export function createRunsService(dataDir: DataDir): RunsService {
  const { db } = dataDir;
  return {
    list: (query = {}) => listRuns(db, query),
    show: (id, options) => readRunDetails(db, id, options),
    tag(id, tags) {
      writeTransaction(db, () => tags.forEach((tag) => addTag(db, id, tag)));
      return listTags(db, id);
    },
    untag(id, tags) {
      requireRun(db, id);
      writeTransaction(db, () => tags.forEach((tag) => removeTag(db, id, tag)));
      return listTags(db, id);
    },
    note: (id, markdown) => setNote(db, id, markdown),
    archive: (id) => setArchived(db, id, true),
    unarchive: (id) => setArchived(db, id, false),
    remove: (id) => removeRun(dataDir, id),
    exportRunsCsv: (query) => exportRunsCsv(db, query),
    exportMetricsCsv: (id, options) => exportMetricsCsv(db, id, options),
    exportRunJson: (id) => exportRunJson(db, id),
    exportRunHistoryJson: (id) => exportRunHistoryJson(db, id),
    exportRunConfigJson: (id) => exportRunConfigJson(db, id),
  };
}

/**
 * Deletes the rows first (one transaction, refused for a running run), then the recorded files
 * and the run's folder: a file left behind is a nuisance, a row pointing at deleted files would
 * be a run that can no longer be resumed.
 */
function removeRun(dataDir: DataDir, id: RunId): RemovedRun {
  requireRun(dataDir.db, id);
  const folder = dataDir.runDir(id);
  const recorded = deleteRun(dataDir.db, id);
  const inside = (path: string) => resolve(path).startsWith(folder + sep);
  const targets = [...recorded.filter((path) => !inside(path)), folder];
  const deleted: string[] = [];
  const leftovers: RemovedRun['leftovers'] = [];
  for (const path of targets) {
    try {
      rmSync(path, { recursive: true, force: true });
      deleted.push(path);
    } catch (error) {
      leftovers.push({ path, reason: (error as Error).message });
    }
  }
  return { id, deleted, leftovers };
}
