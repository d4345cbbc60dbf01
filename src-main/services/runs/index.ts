// Run management: the service and its export and detail types.
export { createRunsService, type RemovedRun, type RunsService } from './runsService';
export { readRunDetails, toRunView, type RunDetails, type RunView } from './runDetails';
export {
  exportMetricsCsv,
  exportRunJson,
  exportRunsCsv,
  RUN_EXPORT_FORMAT,
  RUN_EXPORT_VERSION,
  type RunExport,
} from './exportRuns';
export { toCsv, type CsvValue } from './csv';
