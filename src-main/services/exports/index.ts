// Models out (issue #13): export, evaluate and predict from trained networks.
export {
  openSource,
  sourceFromRun,
  sourceFromCompactFile,
  COMPACT_SUFFIX,
  type TrainedSource,
} from './trainedSource';
export {
  exportModel,
  checkFormat,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  type ExportResult,
} from './exportModel';
export { evaluateModel, type EvaluationReport } from './evaluateModel';
export { predictImages, type Prediction } from './predictImages';
export { parseMemberFlags } from './memberFlags';
