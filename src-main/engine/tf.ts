// The engine's single entry to TensorFlow.js: tfjs-core with every gradient registered (the core
// package alone registers none) and production mode on, which also silences the cpu backend's
// "install tfjs-node" banner. Engine code imports `tf` from here, never from the package.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

tf.enableProdMode();

export { tf };
export type { Tensor, Tensor1D, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
