// Builds the bundled sample (resources/sample/fashion-mnist) reproducibly from the Debian package
// dataset-fashion-mnist: a seeded, class-balanced 6,000 / 1,000 subset written as gzipped IDX
// files, with classes.json, README.md and the dataset's licence. Run: npx tsx scripts/make-sample.ts
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createRng, permutation } from '../src-main/engine/random';
import {
  parseIdxImages,
  parseIdxLabels,
  encodeIdxImages,
  encodeIdxLabels,
} from '../src-main/engine/data/idxCodec';
import { readDataFile } from '../src-main/engine/data/readDataFile';

const SOURCE_DIR = process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';
const COPYRIGHT = '/usr/share/doc/dataset-fashion-mnist/copyright';
const OUT_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'resources',
  'sample',
  'fashion-mnist',
);
const SEED = 20170825; // Fashion-MNIST's release date; any fixed number would do
const PER_CLASS = { train: 600, t10k: 100 } as const;
const CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Indices of a seeded, class-balanced subset, `perClass` per class, in source order. */
function balancedSubset(
  labels: Int32Array,
  perClass: number,
  seed: number,
  split: string,
): Int32Array {
  const chosen: number[] = [];
  for (let k = 0; k < CLASS_NAMES.length; k++) {
    const members: number[] = [];
    labels.forEach((label, i) => {
      if (label === k) members.push(i);
    });
    if (members.length < perClass)
      throw new Error(`${split}: class ${k} has only ${members.length} images`);
    const order = permutation(members.length, createRng(seed).fork(`${split} class ${k}`));
    for (let j = 0; j < perClass; j++) chosen.push(members[order[j]]);
  }
  return Int32Array.from(chosen).sort();
}

async function writeSplit(split: 'train' | 't10k'): Promise<number> {
  const imagesFile = join(SOURCE_DIR, `${split}-images-idx3-ubyte.gz`);
  const labelsFile = join(SOURCE_DIR, `${split}-labels-idx1-ubyte.gz`);
  const images = parseIdxImages(await readDataFile(imagesFile), imagesFile);
  const labels = parseIdxLabels(await readDataFile(labelsFile), labelsFile);
  const pick = balancedSubset(labels, PER_CLASS[split], SEED, split);
  const size = images.height * images.width;
  const pixels = new Uint8Array(pick.length * size);
  pick.forEach((j, i) => pixels.set(images.pixels.subarray(j * size, (j + 1) * size), i * size));
  const picked = Array.from(pick, (j) => labels[j]);
  // Node writes gzip headers with mtime 0, so the output bytes are the same on every run.
  const gz = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 });
  writeFileSync(
    join(OUT_DIR, `${split}-images-idx3-ubyte.gz`),
    gz(encodeIdxImages(pixels, pick.length, images.height, images.width)),
  );
  writeFileSync(join(OUT_DIR, `${split}-labels-idx1-ubyte.gz`), gz(encodeIdxLabels(picked)));
  return pick.length;
}

function readme(trainCount: number, testCount: number): string {
  const classes = CLASS_NAMES.map((name, i) => `| ${i} | ${name} |`).join('\n');
  return `# Fashion-MNIST sample

A small, class-balanced subset of [Fashion-MNIST](https://github.com/zalandoresearch/fashion-mnist)
by Zalando Research, bundled with NPAS Studio so a first experiment runs without a download.
Load it with \`loadDataset('sample')\`.

- Train: ${trainCount} images (${PER_CLASS.train} per class), from the 60,000 training images.
- Test: ${testCount} images (${PER_CLASS.t10k} per class), from the 10,000 test images.
- 28×28 grayscale, uint8, in the original IDX format (gzipped); class names in \`classes.json\`.

## How it was made

\`npx tsx scripts/make-sample.ts\` reads the Debian package \`dataset-fashion-mnist\`
(\`${SOURCE_DIR}\`), picks for each class a random subset with the project's seeded generator
(seed ${SEED}, one forked stream per split and class), keeps the picked images in their original
order, and writes them here. Running it again gives byte-identical files.

## Classes

| label | name |
|---|---|
${classes}

## Licence

Fashion-MNIST is © 2017 Zalando SE, released under the MIT (Expat) licence; see \`LICENSE\`.
`;
}

function licence(): string {
  const header =
    'Fashion-MNIST, by Zalando Research (https://github.com/zalandoresearch/fashion-mnist)\n\n';
  if (existsSync(COPYRIGHT)) {
    const text = readFileSync(COPYRIGHT, 'utf8');
    const body = text.slice(
      text.indexOf('License: Expat\n Permission') + 'License: Expat\n'.length,
    );
    const unfolded = body
      .split('\n')
      .map((line) => (line.trim() === '.' ? '' : line.replace(/^ /, '').trimEnd()))
      .join('\n');
    return `${header}Copyright (c) 2017 Zalando SE, https://tech.zalando.com\n\nMIT License (Expat)\n\n${unfolded.trimEnd()}\n`;
  }
  throw new Error(`${COPYRIGHT} not found: install dataset-fashion-mnist to copy its licence`);
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const trainCount = await writeSplit('train');
  const testCount = await writeSplit('t10k');
  writeFileSync(
    join(OUT_DIR, 'classes.json'),
    `${JSON.stringify({ classNames: CLASS_NAMES }, null, 2)}\n`,
  );
  writeFileSync(join(OUT_DIR, 'README.md'), readme(trainCount, testCount));
  writeFileSync(join(OUT_DIR, 'LICENSE'), licence());
  console.log(`wrote ${trainCount} train + ${testCount} test images to ${OUT_DIR}`);
}

await main();
