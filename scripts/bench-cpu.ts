// CPU training speed against PyTorch (issue #11): one model, batch and input, measured in one run
// as separate processes, alternating ours and the reference so load changes hit both:
//   ours on the onednn rung at 1 thread and at every core, per phase (`npas bench --phases`);
//   plain wasm at 1 thread (the road before oneDNN);
//   road (a)'s ceiling: one wasm process per core, each on batch/cores, run at once (data-parallel
//     wasm can do no better: no gradient exchange is counted);
//   the PyTorch reference (scripts/bench_cpu_reference.py) at 1 thread and every core, where a
//     Python with torch is found (else the row says so).
// Appends the rows to bench-results/cpu.json and prints a table with the ratios.
//   npx tsx scripts/bench-cpu.ts [--arch wrn-16-4] [--batch 128] [--rounds 1] [--no-wasm] [--no-road-a]
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { BenchReport } from '../src-main/services/bench';
import { appendBenchRow, benchContext } from './bench-rows';

const { values } = parseArgs({
  options: {
    arch: { type: 'string', default: 'wrn-16-4' },
    method: { type: 'string', default: 'unshared' },
    budget: { type: 'string' },
    batch: { type: 'string', default: '128' },
    classes: { type: 'string', default: '10' },
    input: { type: 'string', default: '32x32x3' },
    rounds: { type: 'string', default: '1' },
    'no-wasm': { type: 'boolean', default: false },
    'no-road-a': { type: 'boolean', default: false },
  },
});
const OUT = 'bench-results/cpu.json';
const cores = availableParallelism();
const batch = Number(values.batch);
const [height] = values.input!.split('x').map(Number);

interface Row {
  label: string;
  imagesPerSecond: number;
  msPerStep: number;
  phases?: Record<string, number>;
  weightGeneration?: number | null;
  note?: string;
}

function npasArgs(backend: string, batchSize: number, extra: string[]): string[] {
  const method = values.budget ? ['--method', values.method!, '--budget', values.budget] : [];
  return [
    'bin/npas.js',
    'bench',
    '--arch',
    values.arch!,
    '--classes',
    values.classes!,
    '--input',
    values.input!,
    '--batch-size',
    String(batchSize),
    '--backend',
    backend,
    ...method,
    '--json',
    ...extra,
  ];
}

function parseReport(stdout: string, what: string): BenchReport {
  const start = stdout.indexOf('{');
  if (start < 0) throw new Error(`${what} printed no JSON: ${stdout.slice(0, 400)}`);
  return JSON.parse(stdout.slice(start)) as BenchReport;
}

function ours(label: string, backend: string, threads: number, steps: string[]): Row {
  const run = spawnSync(process.execPath, npasArgs(backend, batch, ['--phases', ...steps]), {
    encoding: 'utf8',
    env: { ...process.env, NPAS_THREADS: String(threads) },
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0) throw new Error(`${label}: exit ${run.status}: ${run.stderr.slice(-2000)}`);
  const report = parseReport(run.stdout, label);
  return {
    label,
    imagesPerSecond: report.imagesPerSecond,
    msPerStep: report.msPerStep,
    phases: report.profile?.phases as unknown as Record<string, number>,
    weightGeneration: report.profile?.weightGeneration,
  };
}

/** Road (a)'s ceiling: `cores` wasm processes at once, each on batch/cores images. */
async function dataParallelWasm(): Promise<Row> {
  const share = Math.max(1, Math.floor(batch / cores));
  const runs = Array.from({ length: cores }, () => {
    const child = spawn(
      process.execPath,
      npasArgs('wasm', share, ['--warmup', '1', '--runs', '2', '--steps', '1']),
    );
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    return new Promise<BenchReport>((resolve, reject) =>
      child.on('close', (code) =>
        code === 0
          ? resolve(parseReport(stdout, 'data-parallel wasm'))
          : reject(new Error(`exit ${code}`)),
      ),
    );
  });
  const reports = await Promise.all(runs);
  const total = reports.reduce((s, r) => s + r.imagesPerSecond, 0);
  return {
    label: `road (a) ceiling: ${cores} wasm processes × batch ${share}`,
    imagesPerSecond: total,
    msPerStep: (1000 * batch) / total,
    note: 'no gradient exchange counted: data-parallel wasm cannot beat this',
  };
}

function findTorchPython(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}

function torch(python: string, threads: number): Row {
  const [depth, width] = values.arch!.replace('wrn-', '').split('-').map(Number);
  const args = [
    'scripts/bench_cpu_reference.py',
    '--threads',
    String(threads),
    '--depth',
    String(depth),
    '--width',
    String(width),
    '--batch',
    String(batch),
    '--size',
    String(height),
    '--classes',
    values.classes!,
  ];
  const run = spawnSync(python, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`PyTorch reference: ${run.stderr.slice(-2000)}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
    imagesPerSecond: number;
    torch: string;
    msPerPhase: Record<string, number>;
  };
  return {
    label: `PyTorch ${result.torch}, ${threads} thread${threads > 1 ? 's' : ''}`,
    imagesPerSecond: result.imagesPerSecond,
    msPerStep: (1000 * batch) / result.imagesPerSecond,
    phases: result.msPerPhase,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  if (!values.arch!.startsWith('wrn-') && !values['no-road-a']) {
    console.log('note: the PyTorch reference builds wide ResNets only (wrn-D-K)');
  }
  const python = values.arch!.startsWith('wrn-') ? findTorchPython() : null;
  const rounds = Number(values.rounds);
  const rows = new Map<string, Row[]>();
  const add = (row: Row) => rows.set(row.label, [...(rows.get(row.label) ?? []), row]);
  const steps = ['--warmup', '2', '--runs', '3', '--steps', '2'];
  for (let round = 0; round < rounds; round++) {
    add(ours('ours, onednn, 1 thread', 'onednn', 1, steps));
    if (python) add(torch(python, 1));
    add(ours(`ours, onednn, ${cores} threads`, 'onednn', cores, steps));
    if (python) add(torch(python, cores));
  }
  if (!values['no-wasm']) {
    add(
      ours('ours, plain wasm, 1 thread', 'wasm', 1, [
        '--warmup',
        '1',
        '--runs',
        '1',
        '--steps',
        '2',
      ]),
    );
  }
  if (!values['no-road-a']) add(await dataParallelWasm());
  const merged = [...rows.values()].map((list) => {
    const best = list.find(
      (r) => r.imagesPerSecond === median(list.map((x) => x.imagesPerSecond)),
    )!;
    return { ...best, rounds: list.map((r) => r.imagesPerSecond) };
  });
  print(merged, python);
  const context = benchContext('onednn', {
    arch: values.arch,
    method: values.method,
    budget: values.budget ?? null,
    batch,
    input: values.input,
    classes: Number(values.classes),
    rounds,
    cores,
  });
  appendBenchRow(OUT, { label: `cpu ${values.arch} batch ${batch}`, context, results: merged });
  console.log(`\nappended to ${OUT}`);
}

function print(rows: (Row & { rounds: number[] })[], python: string | null): void {
  const f = (v: number | null | undefined) => (v === undefined || v === null ? '' : v.toFixed(0));
  console.log(
    `${values.arch} (${values.method}${values.budget ? ` ${values.budget}` : ''}), batch ${batch}, input ${values.input}, ${cores} cores\n`,
  );
  console.log(
    'row'.padEnd(48) +
      'img/s'.padStart(8) +
      'ms/step'.padStart(9) +
      '  conv     bn    opt   elem  untracked  weightgen',
  );
  for (const r of rows) {
    const p = r.phases ?? {};
    const phase = r.label.startsWith('PyTorch')
      ? `  forward ${f(p.forward)}, backward ${f(p.backward)}, optimizer ${f(p.optimizer)} ms`
      : r.phases
        ? [p.convolutions, p.batchNorm, p.optimizer, p.elementwise]
            .map((v) => f(v).padStart(6))
            .join(' ') +
          f(p.untracked).padStart(11) +
          f(r.weightGeneration).padStart(11)
        : `  ${r.note ?? ''}`;
    console.log(
      r.label.padEnd(48) +
        r.imagesPerSecond.toFixed(1).padStart(8) +
        f(r.msPerStep).padStart(9) +
        ' ' +
        phase,
    );
  }
  const get = (prefix: string) => rows.find((r) => r.label.startsWith(prefix))?.imagesPerSecond;
  const one = get('ours, onednn, 1 thread');
  const all = get(`ours, onednn, ${cores} threads`);
  const t1 = get('PyTorch');
  const tAll = rows.filter((r) => r.label.startsWith('PyTorch')).at(-1)?.imagesPerSecond;
  console.log('');
  if (one && all) console.log(`ours: ${(all / one).toFixed(2)}× from ${cores} threads over 1`);
  if (!python)
    console.log(
      'PyTorch rows skipped: no python3 here can import torch (Debian: apt-get install python3-torch)',
    );
  if (one && t1) console.log(`ours / PyTorch at 1 thread: ${(one / t1).toFixed(2)}×`);
  if (all && tAll) console.log(`ours / PyTorch at ${cores} threads: ${(all / tAll).toFixed(2)}×`);
  const wasm = get('ours, plain wasm');
  if (wasm && one) console.log(`onednn over plain wasm at 1 thread: ${(one / wasm).toFixed(2)}×`);
  const roadA = get('road (a)');
  if (roadA && all)
    console.log(`road (b) at ${cores} threads / road (a) ceiling: ${(all / roadA).toFixed(2)}×`);
}

await main();
