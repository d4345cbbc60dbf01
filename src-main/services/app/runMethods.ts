// The Runs screen's part of the AppApi: list, details, sharing report, tags, note, name,
// archive and delete, over the open data folder's runs service.
import type { AppApi } from '../../contract/appApi';
import { asRunId, listAllTags, setName } from '../../store';
import type { RunsService } from '../runs';
import type { DataFolderSession } from './dataFolderSession';
import { sharingReport } from './sharingReport';

type RunMethodNames =
  | 'listRuns'
  | 'listTags'
  | 'getRun'
  | 'getSharing'
  | 'tagRun'
  | 'untagRun'
  | 'setRunNote'
  | 'renameRun'
  | 'archiveRun'
  | 'unarchiveRun'
  | 'deleteRun';

export function runMethods(session: DataFolderSession): Pick<AppApi, RunMethodNames> {
  const runs = () => session.need().runs;
  return {
    async listRuns(query) {
      return runs().list(query as Parameters<RunsService['list']>[0]);
    },
    async listTags() {
      return listAllTags(session.need().dir.db);
    },
    async getRun(runId, opts) {
      return runs().show(asRunId(runId), opts);
    },
    async getSharing(runId) {
      const { dir } = session.need();
      const id = asRunId(runId);
      return sharingReport(dir.db, id, dir.runDir(id));
    },
    async tagRun(runId, tags) {
      return runs().tag(asRunId(runId), tags);
    },
    async untagRun(runId, tags) {
      return runs().untag(asRunId(runId), tags);
    },
    async setRunNote(runId, markdown) {
      runs().note(asRunId(runId), markdown);
    },
    async renameRun(runId, name) {
      setName(session.need().dir.db, asRunId(runId), name.trim());
    },
    async archiveRun(runId) {
      runs().archive(asRunId(runId));
    },
    async unarchiveRun(runId) {
      runs().unarchive(asRunId(runId));
    },
    async deleteRun(runId) {
      session.progress.delete(runId);
      return runs().remove(asRunId(runId));
    },
  };
}
