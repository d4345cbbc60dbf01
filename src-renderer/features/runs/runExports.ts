// One run's files from the run details panel (issue #12 item 10): its per-epoch history as CSV,
// its whole history (epochs and steps) as JSON, and its config as JSON. The files come from the
// same export methods the CLI and the runs CSV use; the screen saves them with downloadText.
import type { ExportFileWire } from '../../../src-main/contract/appApi';
import type { RunsClient } from './runsClient';

/** Which file of one run to export. */
export type RunFileExport = 'history-csv' | 'history-json' | 'config-json';

/** The run details panel's export buttons, in order. */
export const RUN_FILE_EXPORTS: readonly { kind: RunFileExport; label: string; title: string }[] = [
  { kind: 'history-csv', label: 'History CSV', title: 'Per-epoch losses, accuracies and lr' },
  { kind: 'history-json', label: 'History JSON', title: 'Every epoch and every step' },
  { kind: 'config-json', label: 'Config JSON', title: 'The run config, to run it again' },
];

/** The API method behind each export, for error reports. */
export const RUN_FILE_EXPORT_METHOD: Record<RunFileExport, 'exportMetricsCsv' | 'exportRunJson'> = {
  'history-csv': 'exportMetricsCsv',
  'history-json': 'exportRunJson',
  'config-json': 'exportRunJson',
};

/** Asks the app for the file `kind` of run `runId`. */
export function fetchRunExport(
  api: Pick<RunsClient, 'exportMetricsCsv' | 'exportRunJson'>,
  runId: string,
  kind: RunFileExport,
): Promise<ExportFileWire> {
  switch (kind) {
    case 'history-csv':
      return api.exportMetricsCsv(runId);
    case 'history-json':
      return api.exportRunJson(runId, { part: 'history' });
    case 'config-json':
      return api.exportRunJson(runId, { part: 'config' });
  }
}
