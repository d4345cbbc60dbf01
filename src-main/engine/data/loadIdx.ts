// Reader for MNIST-style IDX folders: train-images-idx3-ubyte, train-labels-idx1-ubyte and the
// t10k-* test pair, raw or .gz, with '-' or '.' before "idx". Class names come from an optional
// classes.json; otherwise classes = largest train label + 1 and names are the label numbers.
import { join } from 'node:path';
import { DatasetError } from '../../contract/errors';
import { readClassesJson, numberedClassNames } from './classNamesFile';
import { checkLabels, maxLabel, type Dataset, type LoadedDataset } from './dataset';
import { parseIdxImages, parseIdxLabels } from './idxCodec';
import { readDataFile } from './readDataFile';

const IDX_NAME = /^(train|t10k|test)-(images|labels)[-.]idx([13])-ubyte(\.gz)?$/;

/** What the IDX reader looks for, for error messages. */
export const IDX_EXPECTED =
  'train-images-idx3-ubyte[.gz] + train-labels-idx1-ubyte[.gz] (optionally t10k-*)';

/** IDX file names found in a folder listing, by role. Uncompressed files win over .gz. */
export interface IdxFiles {
  trainImages?: string;
  trainLabels?: string;
  testImages?: string;
  testLabels?: string;
}

/** Picks the IDX files out of a folder listing. */
export function findIdxFiles(names: readonly string[]): IdxFiles {
  const found: IdxFiles = {};
  for (const name of [...names].sort()) {
    const match = IDX_NAME.exec(name);
    if (!match) continue;
    const [, split, kind, dims, gz] = match;
    if ((kind === 'images') !== (dims === '3')) continue;
    const key = `${split === 'train' ? 'train' : 'test'}${kind === 'images' ? 'Images' : 'Labels'}`;
    const role = key as keyof IdxFiles;
    if (found[role] === undefined || !gz) found[role] = name;
  }
  return found;
}

async function readSplit(
  dir: string,
  imagesName: string,
  labelsName: string,
  name: string,
): Promise<Omit<Dataset, 'classes' | 'classNames'>> {
  const imagesFile = join(dir, imagesName);
  const labelsFile = join(dir, labelsName);
  const images = parseIdxImages(await readDataFile(imagesFile), imagesFile);
  const labels = parseIdxLabels(await readDataFile(labelsFile), labelsFile);
  if (labels.length !== images.count) {
    throw new DatasetError(
      labelsFile,
      `holds ${labels.length} labels but ${imagesName} holds ${images.count} images`,
    );
  }
  const { count, height, width, pixels } = images;
  return { name, images: pixels, count, height, width, channels: 1, labels, source: imagesFile };
}

/** Loads an IDX folder. `label` names the dataset in `Dataset.name`. */
export async function loadIdx(
  dir: string,
  names: readonly string[],
  label: string,
): Promise<LoadedDataset> {
  const files = findIdxFiles(names);
  if (!files.trainImages || !files.trainLabels) {
    const missing = !files.trainImages ? 'train-images-idx3-ubyte' : 'train-labels-idx1-ubyte';
    throw new DatasetError(dir, `no ${missing}[.gz] found; an IDX dataset needs ${IDX_EXPECTED}`);
  }
  if ((files.testImages === undefined) !== (files.testLabels === undefined)) {
    const present = files.testImages ?? files.testLabels;
    throw new DatasetError(
      dir,
      `${present} has no matching t10k-${files.testImages ? 'labels' : 'images'} file`,
    );
  }
  const notes: string[] = [];
  const train = await readSplit(dir, files.trainImages, files.trainLabels, `${label} (train)`);
  if (train.count === 0)
    throw new DatasetError(train.source, 'holds 0 images; the train split cannot be empty');
  const test =
    files.testImages && files.testLabels
      ? await readSplit(dir, files.testImages, files.testLabels, `${label} (test)`)
      : null;
  if (test && (test.height !== train.height || test.width !== train.width)) {
    throw new DatasetError(
      test.source,
      `test images are ${test.height}×${test.width} but train images are ${train.height}×${train.width}`,
    );
  }
  if (!test) notes.push('no t10k-* test files: there is no test split');

  const namesFile = join(dir, 'classes.json');
  const classNames = (await readClassesJson(namesFile)) ?? null;
  const classes = classNames ? classNames.length : maxLabel(train.labels) + 1;
  if (!classNames) notes.push(`no classes.json: classes named by label number 0..${classes - 1}`);
  checkLabels(train.labels, classes, join(dir, files.trainLabels));
  if (test) checkLabels(test.labels, classes, join(dir, files.testLabels as string));
  const resolvedNames = classNames ?? numberedClassNames(classes);
  return {
    format: 'idx',
    train: { ...train, classes, classNames: resolvedNames },
    test: test ? { ...test, classes, classNames: [...resolvedNames] } : null,
    notes,
  };
}
