// The in-memory dataset every reader produces and every consumer (splits, batches, the trainer)
// reads: uint8 NHWC pixels plus int32 labels, no tensors (ARCHITECTURE.md, engine/data).
import { DatasetError } from '../../contract/errors';
import { assert } from '../../contract/assert';

/** Which reader produced a dataset. */
export type DatasetFormat = 'idx' | 'cifar10' | 'cifar100' | 'folder';

/** Every format, in auto-detection order. */
export const DATASET_FORMATS: readonly DatasetFormat[] = ['idx', 'cifar10', 'cifar100', 'folder'];

/** One split of images with integer labels. */
export interface Dataset {
  /** Human label, e.g. "fashion-mnist (train)". */
  name: string;
  /** count × height × width × channels pixels, 0..255, NHWC. */
  images: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  /** One label per image, each in [0, classes). */
  labels: Int32Array;
  classes: number;
  /** classes entries, index = label. */
  classNames: string[];
  /** The file or folder the split was read from. */
  source: string;
}

/** What `loadDataset` returns: the train split, the test split if the source has one, and notes. */
export interface LoadedDataset {
  format: DatasetFormat;
  train: Dataset;
  test: Dataset | null;
  /** Things the user should know (missing test split, class names guessed, files skipped...). */
  notes: string[];
}

/** Bytes per image of a dataset. */
export function imageSize(ds: Pick<Dataset, 'height' | 'width' | 'channels'>): number {
  return ds.height * ds.width * ds.channels;
}

/** A new dataset holding copies of the images at `indices`, in that order. */
export function subsetDataset(ds: Dataset, indices: ArrayLike<number>, name = ds.name): Dataset {
  const size = imageSize(ds);
  const images = new Uint8Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    assert(Number.isInteger(j) && j >= 0 && j < ds.count, `index ${j} outside 0..${ds.count - 1}`);
    images.set(ds.images.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = ds.labels[j];
  }
  return { ...ds, name, images, labels, count: indices.length, classNames: [...ds.classNames] };
}

/** Throws a DatasetError naming the first label outside [0, classes). */
export function checkLabels(labels: Int32Array, classes: number, file: string): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label < 0 || label >= classes) {
      throw new DatasetError(
        file,
        `label ${label} at index ${i} is outside 0..${classes - 1} (${classes} classes)`,
      );
    }
  }
}

/** Largest label, or -1 when there are none. */
export function maxLabel(labels: Int32Array): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  return max;
}
