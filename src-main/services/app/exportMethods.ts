// The export part of the AppApi: the runs table and a run's metric history as CSV, a whole run
// (or its history or config alone) as JSON, each as a file for the user to save (name, MIME
// type, content).
import type { AppApi } from '../../contract/appApi';
import type { ExportFileWire } from '../../contract/wire';
import { asRunId } from '../../store';
import type { RunsService } from '../runs';
import type { DataFolderSession } from './dataFolderSession';

/** `stem-YYYY-MM-DD-HH-MM-SS.extension`, in UTC. */
export function exportName(stem: string, extension: string): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `${stem}-${stamp}.${extension}`;
}

export function exportMethods(
  session: DataFolderSession,
): Pick<AppApi, 'exportRunsCsv' | 'exportRunJson' | 'exportMetricsCsv'> {
  const runs = () => session.need().runs;
  return {
    async exportRunsCsv(query): Promise<ExportFileWire> {
      const content = runs().exportRunsCsv(query as Parameters<RunsService['exportRunsCsv']>[0]);
      return { fileName: exportName('npas-runs', 'csv'), mimeType: 'text/csv', content };
    },
    async exportRunJson(runId, opts): Promise<ExportFileWire> {
      const id = asRunId(runId);
      const part = opts?.part ?? 'run';
      const data =
        part === 'history'
          ? runs().exportRunHistoryJson(id)
          : part === 'config'
            ? runs().exportRunConfigJson(id)
            : runs().exportRunJson(id);
      return {
        fileName: part === 'run' ? `npas-run-${runId}.json` : `npas-run-${runId}-${part}.json`,
        mimeType: 'application/json',
        content: `${JSON.stringify(data, null, 2)}\n`,
      };
    },
    async exportMetricsCsv(runId, opts): Promise<ExportFileWire> {
      const content = runs().exportMetricsCsv(asRunId(runId), opts);
      const kind = opts?.steps ? 'steps' : 'epochs';
      return { fileName: `npas-run-${runId}-${kind}.csv`, mimeType: 'text/csv', content };
    },
  };
}
