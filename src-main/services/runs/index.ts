// Run management: the service and its export and detail types.
export { createRunsService, type RemovedRun, type RunsService } from './runsService';
export { readRunDetails, toRunView, type RunDetails, type RunView } from './runDetails';
export {
  exportMetricsCsv,
  exportRunConfigJson,
  exportRunHistoryJson,
  exportRunJson,
  exportRunsCsv,
  RUN_EXPORT_FORMAT,
  RUN_EXPORT_VERSION,
  RUN_HISTORY_EXPORT_FORMAT,
  type RunExport,
  type RunHistoryExport,
} from './exportRuns';
export { flattenForCsv, toCsv, type CsvValue } from './csv';
// What callers above the services (the CLI) need of the store's run vocabulary, so that they
// never import the store themselves (ARCHITECTURE.md layering, issue #9 item 16).
export {
  asRunId,
  type RunFilter,
  type RunId,
  type RunListQuery,
  type RunListRow,
  type RunMethod,
  type RunSortColumn,
  type RunStatus,
} from '../../store';
