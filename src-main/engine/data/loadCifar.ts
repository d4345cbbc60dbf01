// Reader for the CIFAR binary releases. CIFAR-10: data_batch_1..5.bin + test_batch.bin, records
// of 1 label byte + 3072 pixel bytes; CIFAR-100: train.bin + test.bin, records of coarse + fine
// label bytes + 3072 pixel bytes (we use the fine label). Pixels are stored CHW (1024 R, 1024 G,
// 1024 B) and are converted to HWC here.
import { join } from 'node:path';
import { DatasetError } from '../../contract/errors';
import { numberedClassNames, readNameList } from './classNamesFile';
import { checkLabels, type Dataset, type LoadedDataset } from './dataset';
import { readDataFile } from './readDataFile';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const PIXELS = 3 * PLANE;

/** Layout of one CIFAR variant. */
export interface CifarLayout {
  format: 'cifar10' | 'cifar100';
  classes: number;
  labelBytes: number;
  /** Which label byte is the class (CIFAR-100: 1 = fine). */
  labelOffset: number;
  namesFile: string;
  /** Test file name. */
  testFile: string;
  /** Train file names in reading order, chosen from a folder listing. */
  trainFiles(names: readonly string[]): string[];
}

const CIFAR10_BATCH = /^data_batch_(\d+)\.bin$/;

export const CIFAR10: CifarLayout = {
  format: 'cifar10',
  classes: 10,
  labelBytes: 1,
  labelOffset: 0,
  namesFile: 'batches.meta.txt',
  testFile: 'test_batch.bin',
  trainFiles: (names) =>
    names
      .filter((n) => CIFAR10_BATCH.test(n))
      .sort((a, b) => Number(CIFAR10_BATCH.exec(a)?.[1]) - Number(CIFAR10_BATCH.exec(b)?.[1])),
};

export const CIFAR100: CifarLayout = {
  format: 'cifar100',
  classes: 100,
  labelBytes: 2,
  labelOffset: 1,
  namesFile: 'fine_label_names.txt',
  testFile: 'test.bin',
  trainFiles: (names) => names.filter((n) => n === 'train.bin'),
};

/** Decodes one CIFAR binary file into HWC pixels and labels. */
export function parseCifar(
  bytes: Uint8Array,
  file: string,
  layout: CifarLayout,
): { images: Uint8Array; labels: Int32Array; count: number } {
  const record = layout.labelBytes + PIXELS;
  if (bytes.length === 0 || bytes.length % record !== 0) {
    throw new DatasetError(
      file,
      `size ${bytes.length} bytes is not a positive multiple of the ${record}-byte ` +
        `${layout.format} record (${layout.labelBytes} label byte(s) + ${PIXELS} pixels); truncated or not ${layout.format}`,
    );
  }
  const count = bytes.length / record;
  const images = new Uint8Array(count * PIXELS);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const base = i * record;
    labels[i] = bytes[base + layout.labelOffset];
    const src = base + layout.labelBytes;
    const dst = i * PIXELS;
    for (let p = 0; p < PLANE; p++) {
      images[dst + 3 * p] = bytes[src + p];
      images[dst + 3 * p + 1] = bytes[src + PLANE + p];
      images[dst + 3 * p + 2] = bytes[src + 2 * PLANE + p];
    }
  }
  return { images, labels, count };
}

async function readFiles(dir: string, files: string[], layout: CifarLayout) {
  const parts = [];
  for (const name of files) {
    const file = join(dir, name);
    const part = parseCifar(await readDataFile(file), file, layout);
    checkLabels(part.labels, layout.classes, file);
    parts.push(part);
  }
  const count = parts.reduce((sum, p) => sum + p.count, 0);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Int32Array(count);
  let at = 0;
  for (const part of parts) {
    images.set(part.images, at * PIXELS);
    labels.set(part.labels, at);
    at += part.count;
  }
  return { images, labels, count };
}

/** Loads a CIFAR-10 or CIFAR-100 binary folder (the folder that holds the .bin files). */
export async function loadCifar(
  dir: string,
  names: readonly string[],
  layout: CifarLayout,
  label: string,
): Promise<LoadedDataset> {
  const trainFiles = layout.trainFiles(names);
  if (trainFiles.length === 0) {
    const wanted = layout.format === 'cifar10' ? 'data_batch_1..5.bin' : 'train.bin';
    throw new DatasetError(dir, `no ${wanted} found; a ${layout.format} folder needs it`);
  }
  const notes: string[] = [];
  if (layout.format === 'cifar10' && trainFiles.length < 5) {
    notes.push(
      `only ${trainFiles.length} of 5 CIFAR-10 training batches present: ${trainFiles.join(', ')}`,
    );
  }
  const listed = await readNameList(join(dir, layout.namesFile));
  let classNames = listed?.slice(0, layout.classes) ?? null;
  if (classNames && classNames.length < layout.classes) {
    notes.push(
      `${layout.namesFile} lists ${classNames.length} names, expected ${layout.classes}; using label numbers`,
    );
    classNames = null;
  }
  if (!listed) notes.push(`no ${layout.namesFile}: classes named by label number`);
  const resolvedNames = classNames ?? numberedClassNames(layout.classes);
  const common = { height: SIDE, width: SIDE, channels: 3, classes: layout.classes };
  const train: Dataset = {
    ...common,
    ...(await readFiles(dir, trainFiles, layout)),
    name: `${label} (train)`,
    classNames: resolvedNames,
    source: trainFiles.length === 1 ? join(dir, trainFiles[0]) : dir,
  };
  let test: Dataset | null = null;
  if (names.includes(layout.testFile)) {
    test = {
      ...common,
      ...(await readFiles(dir, [layout.testFile], layout)),
      name: `${label} (test)`,
      classNames: [...resolvedNames],
      source: join(dir, layout.testFile),
    };
  } else {
    notes.push(`no ${layout.testFile}: there is no test split`);
  }
  return { format: layout.format, train, test, notes };
}
