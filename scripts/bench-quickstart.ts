// The README's quick-start figure (issue #15): runs `npas train --preset quickstart` exactly as a
// user does, once per seed, and appends one row (per-seed test top-1, mean ± std, images/s) to
// bench-results/quickstart.json with the commit, machine, backend and settings it ran with;
// bench-results/quickstart.md is regenerated from every row.
//   npx tsx scripts/bench-quickstart.ts [--seeds 0,1,2]
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { appendBenchRow, benchContext, meanStd, type BenchRow } from './bench-rows';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '0,1,2' } } });
const OUT = 'bench-results/quickstart.json';
const seeds = values.seeds!.split(',').map(Number);

interface ResultEvent {
  type: 'result';
  backend: string;
  imagesPerSecond: number;
  last: { test: { top1: number } };
}

function trainOnce(seed: number): ResultEvent {
  const args = ['bin/npas.js', 'train', '--preset', 'quickstart', '--seed', String(seed), '--json'];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0)
    throw new Error(`npas ${args.slice(1).join(' ')} exited ${run.status}: ${run.stderr}`);
  const result = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string })
    .find((event): event is ResultEvent => event.type === 'result');
  if (!result) throw new Error(`npas train --seed ${seed} printed no result event`);
  return result;
}

const results = seeds.map((seed) => {
  const result = trainOnce(seed);
  console.log(
    `seed ${seed}: test top-1 ${result.last.test.top1}, ${result.imagesPerSecond.toFixed(1)} img/s`,
  );
  return result;
});
const backends = [...new Set(results.map((r) => r.backend))];
const preset = JSON.parse(readFileSync('resources/presets/quickstart.json', 'utf8')) as object;
const top1 = meanStd(results.map((r) => r.last.test.top1));
const row: BenchRow = {
  label: 'quickstart',
  context: benchContext(backends.join(','), { preset, seeds }),
  testTop1: results.map((r) => r.last.test.top1),
  testTop1Mean: top1.mean,
  testTop1Std: top1.std,
  imagesPerSecond: results.map((r) => r.imagesPerSecond),
};
const file = appendBenchRow(OUT, row);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const lines = [
  '# Quick start: `npas train --preset quickstart` (CNN, 3 epochs, bundled Fashion-MNIST sample)',
  '',
  'Made by `npx tsx scripts/bench-quickstart.ts`; every run appends a row to quickstart.json.',
  '',
  '| date | commit | machine | backend | seeds | test top-1 (mean ± std) | per seed | img/s |',
  '|---|---|---|---|---|---|---|---|',
  ...file.rows.map((r) => {
    const c = r.context;
    const perSeed = (r.testTop1 as number[]).map(pct).join(', ');
    const speed = (r.imagesPerSecond as number[]).map((x) => x.toFixed(0)).join(', ');
    return `| ${c.date.slice(0, 16)} | ${c.commit} | ${c.machine.cpu}, ${c.machine.cores} cores | ${c.backend} | ${(c.settings.seeds as number[]).join(',')} | ${pct(r.testTop1Mean as number)} ± ${(100 * (r.testTop1Std as number)).toFixed(1)} | ${perSeed} | ${speed} |`;
  }),
];
writeFileSync('bench-results/quickstart.md', lines.join('\n') + '\n');
