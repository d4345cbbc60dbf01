// Benchmark rows keep their context (issue #15): each row records commit, date, machine, backend
// and settings, and a rerun appends instead of rewriting what an earlier run measured.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendBenchRow,
  benchContext,
  currentCommit,
  meanStd,
  sameContext,
  type BenchRow,
} from '../../../scripts/bench-rows';

function row(label: string, settings: Record<string, unknown>, extra = {}): BenchRow {
  return { label, context: benchContext('wasm', settings), ...extra };
}

describe('benchmark rows', () => {
  it('records the commit, date, machine, backend and settings of a measurement', () => {
    const { context } = row('quickstart', { epochs: 3 });
    expect(context.commit).toMatch(/^[0-9a-f]{7,}(-dirty)?$/);
    expect(Date.parse(context.date)).not.toBeNaN();
    expect(context.machine.cores).toBeGreaterThan(0);
    expect(context.machine.cpu).not.toBe('');
    expect(context).toMatchObject({ backend: 'wasm', settings: { epochs: 3 } });
  });

  it('appends a rerun with other settings next to the old row instead of rewriting it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'npas-bench-')), 'results.json');
    const first = row('ssn 50%', { epochs: 2, seed: 0 }, { testTop1: 0.77 });
    appendBenchRow(file, first);
    appendBenchRow(file, row('ssn 50%', { epochs: 3, seed: 0 }, { testTop1: 0.79 }));
    appendBenchRow(file, row('ssn 50%', { epochs: 2, seed: 0 }, { testTop1: 0.78 }));
    const rows = JSON.parse(readFileSync(file, 'utf8')).rows as BenchRow[];
    expect(rows.map((r) => r.testTop1)).toEqual([0.77, 0.79, 0.78]);
    expect(rows[0]).toEqual(first); // date and settings of the first run untouched
  });

  it('treats contexts that differ only in date as the same measurement setting', () => {
    const a = row('x', { seed: 0 }).context;
    expect(sameContext(a, { ...a, date: '2000-01-01T00:00:00.000Z' })).toBe(true);
    expect(sameContext(a, { ...a, settings: { seed: 1 } })).toBe(false);
    expect(sameContext(a, { ...a, commit: 'abc1234' })).toBe(false);
    expect(sameContext(a, { ...a, backend: 'cpu' })).toBe(false);
    expect(sameContext(a, { ...a, machine: { ...a.machine, cores: a.machine.cores + 1 } })).toBe(
      false,
    );
  });

  it('summarises seeds as mean and sample standard deviation', () => {
    const { mean, std, n } = meanStd([0.8, 0.82, 0.84]);
    expect(n).toBe(3);
    expect(mean).toBeCloseTo(0.82, 12);
    expect(std).toBeCloseTo(0.02, 12);
    expect(meanStd([0.5]).std).toBe(0);
    expect(() => meanStd([])).toThrow(/no values/);
  });
});

describe('the commit a row records', () => {
  function repo(): string {
    const dir = mkdtempSync(join(tmpdir(), 'npas-bench-git-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    mkdirSync(join(dir, 'bench-results'));
    writeFileSync(join(dir, 'bench-results', 'r.json'), '{}');
    writeFileSync(join(dir, 'code.ts'), '1');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'c');
    return dir;
  }

  it('is not marked dirty by the results a benchmark writes', () => {
    const dir = repo();
    writeFileSync(join(dir, 'bench-results', 'r.json'), '{"rows":[]}');
    expect(currentCommit(dir)).toMatch(/^[0-9a-f]{7,}$/);
  });

  it('is marked dirty when code differs from the commit', () => {
    const dir = repo();
    writeFileSync(join(dir, 'code.ts'), '2');
    expect(currentCommit(dir)).toMatch(/^[0-9a-f]{7,}-dirty$/);
  });

  it('is unknown outside a git checkout', () => {
    expect(currentCommit(mkdtempSync(join(tmpdir(), 'npas-bench-nogit-')))).toBe('unknown');
  });
});
