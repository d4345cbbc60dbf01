// How benchmark results are recorded (issue #15): every row carries the context it was measured
// in (commit, date, machine, backend, settings), and results are only ever appended, so a rerun
// on another commit, machine or setting adds rows next to the old ones instead of rewriting them.
// The README quotes rows from these files and names the file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';

export interface BenchContext {
  /** `git describe --always --dirty` of the checkout, or 'unknown' outside one. */
  commit: string;
  /** ISO time the row was measured. */
  date: string;
  machine: { cpu: string; cores: number; node: string };
  backend: string;
  settings: Record<string, unknown>;
}

export interface BenchRow {
  label: string;
  context: BenchContext;
  [key: string]: unknown;
}

export interface BenchFile {
  rows: BenchRow[];
}

/**
 * The checkout's commit, '-dirty' when tracked files other than bench-results/ have uncommitted
 * changes (a benchmark writing its own results must not mark its later rows dirty).
 */
export function currentCommit(cwd = process.cwd()): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  try {
    const head = git('rev-parse', '--short', 'HEAD');
    const changed = git(
      'status',
      '--porcelain',
      '--untracked-files=no',
      '--',
      ':(top)',
      ':(top,exclude)bench-results',
    );
    return changed ? `${head}-dirty` : head;
  } catch {
    return 'unknown'; // not a git checkout (an unpacked copy): say so in the row
  }
}

/** The context of a measurement taken now on this machine. */
export function benchContext(backend: string, settings: Record<string, unknown>): BenchContext {
  const cpu = cpus();
  return {
    commit: currentCommit(),
    date: new Date().toISOString(),
    machine: { cpu: cpu[0]?.model.trim() ?? 'unknown', cores: cpu.length, node: process.version },
    backend,
    settings,
  };
}

/** Whether two contexts differ only in their date (same commit, machine, backend, settings). */
export function sameContext(a: BenchContext, b: BenchContext): boolean {
  const { date: _a, ...restA } = a;
  const { date: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

/** Reads a results file; an absent file has no rows. */
export function readBenchFile(path: string): BenchFile {
  if (!existsSync(path)) return { rows: [] };
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<BenchFile>;
  if (!Array.isArray(parsed.rows)) throw new Error(`${path} has no "rows" array`);
  return { rows: parsed.rows };
}

/** Appends `row` to the results file at `path`, keeping every row already there. */
export function appendBenchRow(path: string, row: BenchRow): BenchFile {
  const file = readBenchFile(path);
  file.rows.push(row);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(file, null, 2) + '\n');
  return file;
}

/** Mean and sample standard deviation (n - 1) of `values`. */
export function meanStd(values: number[]): { mean: number; std: number; n: number } {
  const n = values.length;
  if (n === 0) throw new Error('meanStd of no values');
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(variance), n };
}
