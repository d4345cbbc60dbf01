// Per-channel mean and standard deviation of a dataset on the 0..1 scale, for the input
// normalisation of ssn.md §6.1 ("per-dataset mean/std normalisation").
import { DatasetError } from '../../contract/errors';
import type { Dataset } from './dataset';

/** Per-channel normalisation constants, 0..1 scale. */
export interface ChannelStats {
  mean: number[];
  std: number[];
}

/** Population mean/std per channel. A constant channel gets std 1 so normalising cannot divide by 0. */
export function channelStats(ds: Dataset): ChannelStats {
  if (ds.count === 0)
    throw new DatasetError(ds.source, 'is empty: no images to compute channel statistics from');
  const c = ds.channels;
  // A 256-bin histogram per channel keeps the sums exact integers whatever the dataset size.
  const hist = new Float64Array(c * 256);
  const { images } = ds;
  for (let i = 0; i < images.length; i += c) {
    for (let k = 0; k < c; k++) hist[k * 256 + images[i + k]]++;
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (let k = 0; k < c; k++) {
    let n = 0;
    let sum = 0;
    for (let v = 0; v < 256; v++) {
      n += hist[k * 256 + v];
      sum += hist[k * 256 + v] * v;
    }
    const m = sum / n;
    let sq = 0;
    for (let v = 0; v < 256; v++) sq += hist[k * 256 + v] * (v - m) * (v - m);
    const s = Math.sqrt(sq / n) / 255;
    mean.push(m / 255);
    std.push(s > 1e-8 ? s : 1);
  }
  return { mean, std };
}
