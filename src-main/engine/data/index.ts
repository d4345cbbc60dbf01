// Public surface of the data layer (ARCHITECTURE.md, engine/data): reading datasets, fitting them
// to a model's input, normalisation constants, splits, per-epoch order and augmented batches.
export type { Dataset, DatasetFormat, LoadedDataset } from './dataset';
export { DATASET_FORMATS, subsetDataset } from './dataset';
export { loadDataset, SAMPLE_NAME, type LoadDatasetOptions } from './loadDataset';
export { resolveSampleDir } from './sampleDir';
export { adaptInput, type InputShape } from './adaptInput';
export { channelStats, type ChannelStats } from './channelStats';
export { splitTrainValidation } from './splitTrainValidation';
export { epochOrder } from './epochOrder';
export {
  makeBatch,
  NO_AUGMENT,
  type AugmentConfig,
  type Batch,
  type BatchOptions,
} from './makeBatch';
