// The engine's single entry to TensorFlow.js: tfjs-core with every gradient registered and
// production mode on (which also silences the cpu backend's "install tfjs-node" banner). Engine
// code imports `tf` from here, never from the package.
//
// Why the union package: tfjs-core's Node build registers no gradients, and its
// `dist/register_all_gradients` module is ESM with extensionless imports that Node cannot load
// (bundlers can). The union package's Node build registers every gradient into the same global
// registry, from plain CommonJS that loads everywhere: Node, tsx, vitest and Electron.
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';

createRequire(import.meta.url)('@tensorflow/tfjs');
tf.enableProdMode();

export { tf };
export type { Tensor, Tensor1D, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
