// Auto-detection of a dataset folder's format from the files it holds, including the CIFAR
// archives' own sub-folder (cifar-10-batches-bin, cifar-100-binary) one level down. An image
// folder is recognised only when some class folder holds an image: a folder of unrelated
// sub-folders (/etc) is no dataset, not an image dataset with a broken class.
import { join } from 'node:path';
import { DatasetError } from '../../contract/errors';
import type { DatasetFormat } from './dataset';
import { findIdxFiles, IDX_EXPECTED } from './loadIdx';
import { CIFAR10, CIFAR100, type CifarLayout } from './loadCifar';
import { FOLDER_EXPECTED } from './loadImageFolder';
import { listFolder, listImageFiles, listSubfolders } from './listFolder';

/** A folder and its listing, where a reader should look. */
export interface DatasetLocation {
  dir: string;
  names: string[];
}

/** What auto-detection looks for, one line per format, for error messages. */
export const EXPECTED_BY_FORMAT: Record<DatasetFormat, string> = {
  idx: `IDX files (${IDX_EXPECTED})`,
  cifar10:
    'CIFAR-10 binary batches (data_batch_1..5.bin + test_batch.bin, or a cifar-10-batches-bin/ folder)',
  cifar100: 'CIFAR-100 binary batches (train.bin + test.bin, or a cifar-100-binary/ folder)',
  folder: `one sub-folder of images per class (${FOLDER_EXPECTED})`,
};

const CIFAR_SUBFOLDER = { cifar10: 'cifar-10-batches-bin', cifar100: 'cifar-100-binary' } as const;

function holdsCifar(names: readonly string[], layout: CifarLayout): boolean {
  return layout.trainFiles(names).length > 0 || names.includes(layout.testFile);
}

/** Where the CIFAR files of `layout` are: `dir` itself or its archive sub-folder. */
export async function locateCifar(
  loc: DatasetLocation,
  layout: CifarLayout,
): Promise<DatasetLocation | null> {
  if (holdsCifar(loc.names, layout)) return loc;
  const sub = CIFAR_SUBFOLDER[layout.format];
  if (!loc.names.includes(sub)) return null;
  const inner = { dir: join(loc.dir, sub), names: await listFolder(join(loc.dir, sub)) };
  return holdsCifar(inner.names, layout) ? inner : null;
}

/**
 * Runs a listing for detection only: a sub-folder that cannot be listed (no permission) is not
 * a class folder, so it counts as holding nothing rather than failing the whole detection.
 */
async function listOrNone(list: (dir: string) => Promise<string[]>, dir: string) {
  try {
    return await list(dir);
  } catch (error) {
    if (error instanceof DatasetError) return [];
    throw error;
  }
}

/** Whether a class folder holding at least one image sits in `dir` or in its train/ folder. */
async function holdsImageClasses(dir: string, subfolders: readonly string[]): Promise<boolean> {
  const roots = subfolders.includes('train') ? [join(dir, 'train'), dir] : [dir];
  for (const root of roots) {
    for (const name of await listOrNone(listSubfolders, root)) {
      if ((await listOrNone(listImageFiles, join(root, name))).length > 0) return true;
    }
  }
  return false;
}

/** The first format whose files `loc` holds, or null. */
export async function detectFormat(loc: DatasetLocation): Promise<DatasetFormat | null> {
  const idx = findIdxFiles(loc.names);
  if (idx.trainImages || idx.trainLabels || idx.testImages) return 'idx';
  if (await locateCifar(loc, CIFAR10)) return 'cifar10';
  if (await locateCifar(loc, CIFAR100)) return 'cifar100';
  if (await holdsImageClasses(loc.dir, await listSubfolders(loc.dir))) return 'folder';
  return null;
}
