// Wide ResNet WRN-d-k for CIFAR-style inputs, pre-activation, exactly as the SSN and SuperWeights
// references build it (ssn.md §5, superweights.md §1.1): n = (d−4)/6 blocks per stage, widths
// [16, 16k, 32k, 64k], BN→ReLU→conv3×3(stride)→BN→ReLU→conv3×3, a 1×1 shortcut conv on the
// activated input when in≠out, then BN→ReLU→global average pool→Linear with bias. Layer ids run
// stem, then per block conv1, conv2, shortcut, then the classifier.
import { ArchitectureError } from '../../contract/errors';
import { checkLimit, LIMITS } from '../../contract/limits';
import { GraphBuilder } from './graphBuilder';
import type { Architecture, BuildOptions } from './types';

/** Throws unless `depth` is 6n+4 with n ≥ 1, naming the nearest valid depths. */
export function checkWrnDepth(depth: number): number {
  const blocks = (depth - 4) / 6;
  if (Number.isInteger(blocks) && blocks >= 1) return blocks;
  const below = 6 * Math.floor((depth - 4) / 6) + 4;
  const nearest = below >= 10 ? `${below} or ${below + 6}` : '10';
  throw new ArchitectureError(
    `WRN depth ${depth} is invalid: the depth must be 6n+4 with n ≥ 1 (10, 16, 22, 28, 40, ...); nearest valid: ${nearest}`,
  );
}

/** Builds WRN-`depth`-`widen`. */
export function buildWrn(depth: number, widen: number, options: BuildOptions): Architecture {
  // Before anything is built: a huge depth would loop for ever over blocks.
  checkLimit('WRN depth', depth, LIMITS.wrnDepth);
  checkLimit('WRN width', widen, LIMITS.wrnWidth);
  const blocks = checkWrnDepth(depth);
  if (!Number.isInteger(widen) || widen < 1) {
    throw new ArchitectureError(
      `WRN widening factor ${widen} is invalid: use a positive integer such as 4 or 10`,
    );
  }
  const g = new GraphBuilder(options.input);
  let x = g.conv(0, { name: 'stem', filters: 16, kernel: 3, padding: 1 });
  let channels = 16;
  const widths = [16 * widen, 32 * widen, 64 * widen];
  widths.forEach((width, s) => {
    for (let b = 0; b < blocks; b++) {
      const stride = s > 0 && b === 0 ? 2 : 1;
      x = wrnBlock(
        g,
        x,
        `stage${s + 1}.block${b}`,
        channels !== width || stride !== 1,
        width,
        stride,
      );
      channels = width;
    }
  });
  const head = g.relu(g.batchNorm(x, 'final.bn'));
  const pooled = g.globalAvgPool(head);
  g.dense(pooled, { name: 'classifier', units: options.classes, bias: true });
  return g.build({ name: `wrn-${depth}-${widen}`, family: 'wrn', classes: options.classes });
}

function wrnBlock(
  g: GraphBuilder,
  x: number,
  name: string,
  project: boolean,
  width: number,
  stride: number,
): number {
  const activated = g.relu(g.batchNorm(x, `${name}.bn1`));
  const h1 = g.conv(activated, {
    name: `${name}.conv1`,
    filters: width,
    kernel: 3,
    stride,
    padding: 1,
  });
  const a2 = g.relu(g.batchNorm(h1, `${name}.bn2`));
  const h2 = g.conv(a2, { name: `${name}.conv2`, filters: width, kernel: 3, padding: 1 });
  // The reference projects when channels change; every stride-2 block changes them too.
  const shortcut = project
    ? g.conv(activated, { name: `${name}.shortcut`, filters: width, kernel: 1, stride, padding: 0 })
    : x;
  return g.add(h2, shortcut);
}
