// Run management over the store, independent of transport (issue #5): the command line, the
// app's IPC and browser mode call these same functions. Listing, details, tags, notes,
// archiving, deletion (with the run's files) and exports.
import {
  addTag,
  isInsideFolder,
  resolveStoredPath,
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
import { checkNoteLength } from '../../contract/noteLimit';
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
import { readRunDetails, toRunView, type RunDetails, type RunView } from './runDetails';
import { removeInsideFolder } from './removeInsideFolder';

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
  /** The run's row with config and environment parsed (no metrics); throws if there is none. */
  get(id: RunId): RunView;
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
    get: (id) => toRunView(requireRun(db, id)),
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
    note(id, markdown) {
      checkNoteLength(markdown);
      setNote(db, id, markdown);
    },
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
 * be a run that can no longer be resumed. Nothing outside this data folder is ever deleted
 * (issue #9 item 2): a recorded path outside it, or one reaching out through a symlink, is left
 * in place and reported.
 */
function removeRun(dataDir: DataDir, id: RunId): RemovedRun {
  requireRun(dataDir.db, id);
  const folder = dataDir.runDir(id);
  const recorded = deleteRun(dataDir.db, id).map((path) => resolveStoredPath(dataDir.path, path));
  const targets = [...recorded.filter((path) => !isInsideFolder(folder, path)), folder];
  const deleted: string[] = [];
  const leftovers: RemovedRun['leftovers'] = [];
  for (const path of targets) {
    try {
      removeInsideFolder(dataDir.path, path);
      deleted.push(path);
    } catch (error) {
      leftovers.push({ path, reason: (error as Error).message });
    }
  }
  return { id, deleted, leftovers };
}
