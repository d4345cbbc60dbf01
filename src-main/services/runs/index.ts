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
