// Datasets: the sample and imported folders, their registry and previews.
export {
  createDatasetsService,
  datasetId,
  type DatasetsService,
  type DatasetsDeps,
} from './datasetsService';
export {
  readRegistry,
  registerDataset,
  registryFile,
  DATASETS_FILE,
  type DatasetRecord,
} from './datasetRegistry';
export { previewDataset, imageDataUrl, classCounts, previewIndices } from './previewImages';
