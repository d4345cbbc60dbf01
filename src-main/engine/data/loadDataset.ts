// Entry point for reading a dataset: 'sample' (the bundled Fashion-MNIST subset) or a folder
// in any supported format, auto-detected unless the caller names one.
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ConfigError, DatasetError, DatasetNotRecognisedError } from '../../contract/errors';
import { missingCase } from '../../contract/assert';
import { DATASET_FORMATS, type DatasetFormat, type LoadedDataset } from './dataset';
import {
  detectFormat,
  EXPECTED_BY_FORMAT,
  locateCifar,
  type DatasetLocation,
} from './detectFormat';
import { listFolder } from './listFolder';
import { CIFAR10, CIFAR100, loadCifar, type CifarLayout } from './loadCifar';
import { loadIdx } from './loadIdx';
import { loadImageFolder } from './loadImageFolder';
import { describeFsError } from './readDataFile';
import { resolveSampleDir } from './sampleDir';

/** Options of `loadDataset`. */
export interface LoadDatasetOptions {
  /** Force a reader instead of auto-detecting; default 'auto'. */
  format?: DatasetFormat | 'auto';
}

/** Name the bundled sample is loaded under. */
export const SAMPLE_NAME = 'Fashion-MNIST sample';

async function checkFolder(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const reason = missing ? 'does not exist' : `cannot be read (${describeFsError(error)})`;
    throw new DatasetError(path, `${reason}; give a folder holding a dataset or "sample"`, {
      cause: error,
    });
  }
  if (!info.isDirectory()) {
    throw new DatasetError(
      path,
      'is a file, not a folder; give the folder that holds the dataset files',
    );
  }
}

async function loadCifarAt(
  loc: DatasetLocation,
  layout: CifarLayout,
  label: string,
): Promise<LoadedDataset> {
  const found = await locateCifar(loc, layout);
  if (!found) throw new DatasetError(loc.dir, `found no ${EXPECTED_BY_FORMAT[layout.format]}`);
  return loadCifar(found.dir, found.names, layout, label);
}

function loadAs(
  format: DatasetFormat,
  loc: DatasetLocation,
  label: string,
): Promise<LoadedDataset> {
  switch (format) {
    case 'idx':
      return loadIdx(loc.dir, loc.names, label);
    case 'cifar10':
      return loadCifarAt(loc, CIFAR10, label);
    case 'cifar100':
      return loadCifarAt(loc, CIFAR100, label);
    case 'folder':
      return loadImageFolder(loc.dir, label);
    default:
      return missingCase(format);
  }
}

/** Reads a dataset folder (or 'sample') into memory. */
export async function loadDataset(
  path: string,
  options: LoadDatasetOptions = {},
): Promise<LoadedDataset> {
  const requested = options.format ?? 'auto';
  if (requested !== 'auto' && !DATASET_FORMATS.includes(requested)) {
    throw new ConfigError(
      `unknown dataset format "${String(requested)}"; use auto, ${DATASET_FORMATS.join(', ')}`,
    );
  }
  if (path === 'sample') {
    const dir = resolveSampleDir();
    return loadIdx(dir, await listFolder(dir), SAMPLE_NAME);
  }
  const dir = resolve(path);
  await checkFolder(dir);
  const loc = { dir, names: await listFolder(dir) };
  const format = requested === 'auto' ? await detectFormat(loc) : requested;
  if (!format) {
    throw new DatasetNotRecognisedError(
      dir,
      DATASET_FORMATS.map((f) => EXPECTED_BY_FORMAT[f]),
    );
  }
  return loadAs(format, loc, basename(dir));
}
