// Seeded train/validation split (ssn.md §6.1: a random 90% of the training set trains, the other
// 10% is the validation set for best-checkpoint selection). Both parts keep source order.
import { ConfigError } from '../../contract/errors';
import { createRng, permutation } from '../random';
import { subsetDataset, type Dataset } from './dataset';

/** Splits off round(count × fraction) random images as validation; fraction 0 → empty validation. */
export function splitTrainValidation(
  ds: Dataset,
  fraction: number,
  seed: number,
): { train: Dataset; validation: Dataset } {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction >= 1) {
    throw new ConfigError(`validation fraction ${fraction} must be in [0, 1), e.g. 0.1`);
  }
  const valCount = Math.round(ds.count * fraction);
  if (valCount >= ds.count && ds.count > 0) {
    throw new ConfigError(
      `validation fraction ${fraction} leaves no training images out of ${ds.count}`,
    );
  }
  const order = permutation(ds.count, createRng(seed).fork('validation split'));
  const validation = Int32Array.from(order.subarray(0, valCount)).sort();
  const train = Int32Array.from(order.subarray(valCount)).sort();
  const base = ds.name.replace(/ \(train\)$/, '');
  return {
    train: subsetDataset(ds, train, `${base} (train)`),
    validation: subsetDataset(ds, validation, `${base} (validation)`),
  };
}
