// `npas predict`: the top-5 classes (with names) of each image file. An image of another size or
// channel count is padded or centre-cropped and its channels repeated or averaged exactly as
// training adapts a dataset, and the result says so; an unreadable file is a DatasetError naming it.
import { readFileSync } from 'node:fs';
import { adaptInput } from '../../engine/data/adaptInput';
import type { Dataset } from '../../engine/data/dataset';
import { decodeImage } from '../../engine/data/decodeImage';
import { makeBatch } from '../../engine/data/makeBatch';
import { DatasetError } from '../../contract/errors';
import { buildTrainedModel } from '../../engine/export/trainedModel';
import { tf } from '../../engine/tf';
import type { TrainedSource } from './trainedSource';

export interface Prediction {
  file: string;
  top5: { class: number; name: string; probability: number }[];
  /** How the image was adapted to the network's input, or null when it already fit. */
  adapted: string | null;
}

function readImage(file: string): Dataset {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DatasetError(file, `cannot read the image (${reason})`, { cause: error });
  }
  const image = decodeImage(bytes, file);
  // A gray PNG stays one channel, as an image-folder dataset keeps it; adaptInput does the rest.
  const gray = image.gray;
  const pixels = gray
    ? Uint8Array.from({ length: image.width * image.height }, (_, i) => image.rgb[3 * i])
    : image.rgb;
  return {
    name: file,
    images: pixels,
    count: 1,
    height: image.height,
    width: image.width,
    channels: gray ? 1 : 3,
    labels: Int32Array.of(0),
    classes: 1,
    classNames: ['?'],
    source: file,
  };
}

/** Top-5 predictions for each file. */
export async function predictImages(
  source: TrainedSource,
  files: readonly string[],
): Promise<Prediction[]> {
  const { plan } = source;
  const images = files.map((file) => {
    const raw = readImage(file);
    const { dataset, note } = adaptInput(raw, plan.input);
    return { file, dataset, adapted: note ? `adapted as in training: ${note}` : null };
  });
  const trained = buildTrainedModel(plan, source.tensors);
  try {
    const predictions: Prediction[] = [];
    for (const { file, dataset, adapted } of images) {
      const batch = makeBatch(dataset, Int32Array.of(0), plan.normalisation);
      const probs = tf.tidy(() =>
        tf.softmax(trained.model.predict(tf.tensor4d(batch.x, batch.shape))),
      );
      const p = (await probs.data()) as Float32Array;
      probs.dispose();
      const order = Array.from(p.keys())
        .sort((a, b) => p[b] - p[a])
        .slice(0, 5);
      predictions.push({
        file,
        top5: order.map((c) => ({
          class: c,
          name: plan.classNames[c] ?? String(c),
          probability: p[c],
        })),
        adapted,
      });
    }
    return predictions;
  } finally {
    trained.dispose();
  }
}
