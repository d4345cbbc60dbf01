// Lets a kernel registered from outside a backend run ordinary tf ops on its inputs. Inputs
// arrive as TensorInfos; wrapping one as a tensor does not add a backend reference, so the wrapper
// takes one first, else disposing it would free the caller's data (docs/compute.md pitfall).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf';

/** Runs `fn` on tensor views of `infos` and disposes the views (never the caller's data). */
export function withTensors<T>(infos: TensorInfo[], fn: (tensors: tf.Tensor[]) => T): T {
  const engine = tf.engine();
  const backend = engine.backend;
  const views = infos.map((info) => {
    backend.incRef(info.dataId);
    return engine.makeTensorFromTensorInfo(info, backend);
  });
  try {
    return fn(views);
  } finally {
    tf.dispose(views);
  }
}
