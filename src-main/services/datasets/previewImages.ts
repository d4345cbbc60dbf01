// A dataset's preview for the Run screen: a few training images as PNG data URLs, chosen
// round-robin over the classes so every class shows up, and the number of images per class.
import { PNG } from 'pngjs';
import type { Dataset } from '../../engine/data';
import type { DatasetPreview, DatasetPreviewImage } from '../../contract/wire';

/** Encodes image `index` of `ds` (grey or RGB, NHWC uint8) as a PNG data URL. */
export function imageDataUrl(ds: Dataset, index: number): string {
  const { width, height, channels } = ds;
  const size = width * height * channels;
  const pixels = ds.images.subarray(index * size, (index + 1) * size);
  const png = new PNG({ width, height });
  for (let p = 0; p < width * height; p++) {
    const grey = channels === 1;
    png.data[p * 4] = pixels[p * channels];
    png.data[p * 4 + 1] = grey ? pixels[p] : pixels[p * channels + 1];
    png.data[p * 4 + 2] = grey ? pixels[p] : pixels[p * channels + 2];
    png.data[p * 4 + 3] = 255;
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

/** Images per class, index = label. */
export function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.classes).fill(0);
  for (let i = 0; i < ds.count; i++) counts[ds.labels[i]]++;
  return counts;
}

/** Up to `limit` images, taking the first unused image of each class in turn. */
export function previewIndices(ds: Dataset, limit: number): number[] {
  const byClass: number[][] = Array.from({ length: ds.classes }, () => []);
  const perClass = Math.ceil(limit / Math.max(1, ds.classes));
  for (let i = 0; i < ds.count; i++) {
    const list = byClass[ds.labels[i]];
    if (list.length < perClass) list.push(i);
  }
  const chosen: number[] = [];
  for (let round = 0; round < perClass && chosen.length < limit; round++) {
    for (const list of byClass) {
      if (round < list.length && chosen.length < limit) chosen.push(list[round]);
    }
  }
  return chosen;
}

/** The preview of a training split. */
export function previewDataset(ds: Dataset, limit = 12): DatasetPreview {
  const images: DatasetPreviewImage[] = previewIndices(ds, limit).map((index) => ({
    dataUrl: imageDataUrl(ds, index),
    label: ds.labels[index],
    className: ds.classNames[ds.labels[index]] ?? String(ds.labels[index]),
  }));
  return { images, classCounts: classCounts(ds) };
}
