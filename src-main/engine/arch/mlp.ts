// A small multilayer perceptron baseline: flatten → dense 256 → ReLU → dense 128 → ReLU →
// dense classes, every dense layer with a bias, no batch norm.
import { GraphBuilder } from './graphBuilder';
import type { Architecture, BuildOptions } from './types';

/** Hidden layer widths of the 'mlp' preset. */
export const MLP_HIDDEN = [256, 128] as const;

export function buildMlp(options: BuildOptions): Architecture {
  const g = new GraphBuilder(options.input);
  let x = g.flatten(0);
  MLP_HIDDEN.forEach((units, i) => {
    x = g.relu(g.dense(x, { name: `hidden${i + 1}`, units, bias: true }));
  });
  g.dense(x, { name: 'classifier', units: options.classes, bias: true });
  return g.build({ name: 'mlp', family: 'mlp', classes: options.classes });
}
