// Auto-detection of a dataset folder's format from the files it holds, including the CIFAR
// archives' own sub-folder (cifar-10-batches-bin, cifar-100-binary) one level down.
import { join } from 'node:path';
import type { DatasetFormat } from './dataset';
import { findIdxFiles, IDX_EXPECTED } from './loadIdx';
import { CIFAR10, CIFAR100, type CifarLayout } from './loadCifar';
import { FOLDER_EXPECTED } from './loadImageFolder';
import { listFolder, listSubfolders } from './listFolder';

/** A folder and its listing, where a reader should look. */
export interface DatasetLocation {
  dir: string;
  names: string[];
}

/** What auto-detection looks for, one line per format, for error messages. */
export const EXPECTED_BY_FORMAT: Record<DatasetFormat, string> = {
  idx: `IDX: ${IDX_EXPECTED}`,
  cifar10:
    'CIFAR-10 binary: data_batch_1..5.bin + test_batch.bin (or a cifar-10-batches-bin/ folder)',
  cifar100: 'CIFAR-100 binary: train.bin + test.bin (or a cifar-100-binary/ folder)',
  folder: `image folders: ${FOLDER_EXPECTED}`,
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

/** The first format whose files `loc` holds, or null. */
export async function detectFormat(loc: DatasetLocation): Promise<DatasetFormat | null> {
  const idx = findIdxFiles(loc.names);
  if (idx.trainImages || idx.trainLabels || idx.testImages) return 'idx';
  if (await locateCifar(loc, CIFAR10)) return 'cifar10';
  if (await locateCifar(loc, CIFAR100)) return 'cifar100';
  if ((await listSubfolders(loc.dir)).length > 0) return 'folder';
  return null;
}
