// Reader for image folders: train/<class>/* (+ optional test/<class>/*) or <class>/* directly.
// Class names are the sorted folder names; images are PNG or JPEG of one common size, decoded to
// RGB, or kept single-channel when every image is a grayscale PNG.
import { join } from 'node:path';
import { DatasetError } from '../../contract/errors';
import type { Dataset, LoadedDataset } from './dataset';
import { decodeImage, type DecodedImage } from './decodeImage';
import { listImageFiles, listSubfolders } from './listFolder';
import { readBytes } from './readDataFile';

/** What the folder reader looks for, for error messages. */
export const FOLDER_EXPECTED =
  'train/<class>/*.png|jpg (+ optional test/<class>/...) or <class>/*.png|jpg';

interface RawSplit {
  images: DecodedImage[];
  labels: number[];
  source: string;
}

async function readSplit(
  root: string,
  classNames: string[],
  size: { h: number; w: number; first: string } | null,
) {
  const split: RawSplit = { images: [], labels: [], source: root };
  let shape = size;
  for (const className of await listSubfolders(root)) {
    const label = classNames.indexOf(className);
    const classDir = join(root, className);
    if (label < 0) {
      throw new DatasetError(
        classDir,
        `class "${className}" is not among the train classes (${classNames.join(', ')})`,
      );
    }
    const files = await listImageFiles(classDir);
    if (files.length === 0)
      throw new DatasetError(classDir, 'empty class folder: no .png, .jpg or .jpeg images');
    for (const name of files) {
      const file = join(classDir, name);
      const bytes = await readBytes(file);
      const image = decodeImage(bytes, file);
      if (!shape) shape = { h: image.height, w: image.width, first: file };
      if (image.height !== shape.h || image.width !== shape.w) {
        throw new DatasetError(
          file,
          `is ${image.height}×${image.width} but ${shape.first} is ${shape.h}×${shape.w}; all images must have one size (resize them first)`,
        );
      }
      split.images.push(image);
      split.labels.push(label);
    }
  }
  return { split, shape };
}

function toDataset(raw: RawSplit, channels: number, classNames: string[], name: string): Dataset {
  const { height, width } = raw.images[0];
  const pixels = height * width;
  const images = new Uint8Array(raw.images.length * pixels * channels);
  raw.images.forEach((image, i) => {
    if (channels === 3) images.set(image.rgb, i * pixels * 3);
    else for (let p = 0; p < pixels; p++) images[i * pixels + p] = image.rgb[3 * p];
  });
  return {
    name,
    images,
    count: raw.images.length,
    height,
    width,
    channels,
    labels: Int32Array.from(raw.labels),
    classes: classNames.length,
    classNames: [...classNames],
    source: raw.source,
  };
}

/** Loads an image-folder dataset rooted at `dir`. */
export async function loadImageFolder(dir: string, label: string): Promise<LoadedDataset> {
  const top = await listSubfolders(dir);
  const hasSplits = top.includes('train') && (await listSubfolders(join(dir, 'train'))).length > 0;
  const trainRoot = hasSplits ? join(dir, 'train') : dir;
  const classNames = await listSubfolders(trainRoot);
  if (classNames.length < 2) {
    throw new DatasetError(
      trainRoot,
      `found ${classNames.length} class folder(s) (${classNames.join(', ') || 'none'}); a classification dataset needs at least 2, laid out as ${FOLDER_EXPECTED}`,
    );
  }
  const notes: string[] = [];
  const train = await readSplit(trainRoot, classNames, null);
  const testRoot = hasSplits && top.includes('test') ? join(dir, 'test') : null;
  const test = testRoot ? (await readSplit(testRoot, classNames, train.shape)).split : null;
  if (test && test.images.length === 0)
    throw new DatasetError(testRoot as string, 'test folder holds no class folders with images');
  if (!test) notes.push('no test/ folder: there is no test split');
  const isGray = (image: DecodedImage) => image.gray;
  const allGray = train.split.images.every(isGray) && (test?.images.every(isGray) ?? true);
  const channels = allGray ? 1 : 3;
  notes.push(
    channels === 1
      ? 'all images are grayscale PNGs: 1 channel'
      : 'images decoded as RGB: 3 channels',
  );
  return {
    format: 'folder',
    train: toDataset(train.split, channels, classNames, `${label} (train)`),
    test: test ? toDataset(test, channels, classNames, `${label} (test)`) : null,
    notes,
  };
}
