// ResNet-d for CIFAR (He et al. 2016, §4.2): post-activation basic blocks conv3×3→BN→ReLU→
// conv3×3→BN, add, ReLU; three stages of n = (d−2)/6 blocks with 16/32/64 channels; global
// average pool and a Linear classifier with bias. Shortcuts that change shape use option A
// (parameter-free: stride-2 subsampling plus zero channel padding) by default, or option B
// (1×1 projection conv + BN) when asked.
import { ArchitectureError } from '../../contract/errors';
import { checkLimit, LIMITS } from '../../contract/limits';
import { GraphBuilder } from './graphBuilder';
import type { Architecture, BuildOptions } from './types';

/** Option A: parameter-free subsample + zero pad. Option B: 1×1 projection conv + BN. */
export type ShortcutOption = 'A' | 'B';

/** Throws unless `depth` is 6n+2 with n ≥ 1, naming the nearest valid depths. */
export function checkResnetDepth(depth: number): number {
  const blocks = (depth - 2) / 6;
  if (Number.isInteger(blocks) && blocks >= 1) return blocks;
  const below = 6 * Math.floor((depth - 2) / 6) + 2;
  const nearest = below >= 8 ? `${below} or ${below + 6}` : '8';
  throw new ArchitectureError(
    `ResNet depth ${depth} is invalid: the depth must be 6n+2 with n ≥ 1 (8, 14, 20, 32, 44, 56, ...); nearest valid: ${nearest}`,
  );
}

/** Builds ResNet-`depth` (CIFAR). */
export function buildResnet(
  depth: number,
  options: BuildOptions,
  shortcut: ShortcutOption = 'A',
): Architecture {
  checkLimit('ResNet depth', depth, LIMITS.resnetDepth);
  const blocks = checkResnetDepth(depth);
  const g = new GraphBuilder(options.input);
  let x = g.relu(
    g.batchNorm(g.conv(0, { name: 'stem', filters: 16, kernel: 3, padding: 1 }), 'stem.bn'),
  );
  let channels = 16;
  [16, 32, 64].forEach((width, s) => {
    for (let b = 0; b < blocks; b++) {
      const stride = s > 0 && b === 0 ? 2 : 1;
      x = basicBlock(g, x, `stage${s + 1}.block${b}`, { from: channels, width, stride, shortcut });
      channels = width;
    }
  });
  g.dense(g.globalAvgPool(x), { name: 'classifier', units: options.classes, bias: true });
  const name = shortcut === 'A' ? `resnet-${depth}` : `resnet-${depth}-b`;
  return g.build({ name, family: 'resnet', classes: options.classes });
}

interface BlockShape {
  from: number;
  width: number;
  stride: number;
  shortcut: ShortcutOption;
}

function basicBlock(g: GraphBuilder, x: number, name: string, shape: BlockShape): number {
  const { width, stride } = shape;
  const h1 = g.conv(x, { name: `${name}.conv1`, filters: width, kernel: 3, stride, padding: 1 });
  const a1 = g.relu(g.batchNorm(h1, `${name}.bn1`));
  const h2 = g.batchNorm(
    g.conv(a1, { name: `${name}.conv2`, filters: width, kernel: 3, padding: 1 }),
    `${name}.bn2`,
  );
  let residual = x;
  if (shape.from !== width || stride !== 1) {
    residual =
      shape.shortcut === 'A'
        ? g.subsamplePad(x, stride, width)
        : g.batchNorm(
            g.conv(x, { name: `${name}.shortcut`, filters: width, kernel: 1, stride, padding: 0 }),
            `${name}.shortcut.bn`,
          );
  }
  return g.relu(g.add(h2, residual));
}
