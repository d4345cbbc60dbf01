// `npas runs` and `npas train --data-dir` as a user runs them: training in a real child process,
// the quick commands through the same `main` in this process (a child costs a second of
// startup each), checking tables and --json output, exports, confirmation for rm, and one-line
// errors (exit code 2) for unusable data folders and databases.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cliInProcess';

const root = mkdtempSync(join(tmpdir(), 'npas-cli-runs-'));
const dataDir = join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function npas(args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['bin/npas.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NPAS_BACKEND: '', NPAS_DATA_DIR: '', ...extraEnv },
    input: '',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const json = (stdout: string) => JSON.parse(stdout);

/** Runs `npas runs ...` in this process, capturing what it prints. */
async function runs(args: string[], extraEnv: Record<string, string> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, { NPAS_DATA_DIR: '' }, extraEnv);
  try {
    return await runCliInProcess(['runs', ...args]);
  } finally {
    process.env = saved;
  }
}
const TRAIN = [
  'train',
  '--arch',
  'cnn',
  '--epochs',
  '1',
  '--max-steps',
  '3',
  '--batch-size',
  '32',
  '--backend',
  'wasm',
];

describe('npas runs', () => {
  let runId = '';

  it('records a run trained with --data-dir and lists it as a table and as JSON', async () => {
    const trained = npas([...TRAIN, '--data-dir', dataDir, '--name', 'cli run', '--json']);
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    const lines = trained.stdout.trim().split('\n').map(json);
    runId = lines[0].runId;
    expect(lines[0]).toEqual({ type: 'run', runId, dataDir });
    expect(lines.filter((e) => e.type === 'step')).toHaveLength(3);
    expect(lines.at(-1)).toMatchObject({
      type: 'result',
      status: 'completed',
      runId,
      backend: 'wasm',
      trainableParams: 29_178,
    });

    const table = await runs(['list', '--data-dir', dataDir]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+STATUS\s+METHOD/);
    expect(table.stdout).toMatch(
      new RegExp(`${runId}\\s+cli run\\s+completed\\s+unshared\\s+cnn\\s+29,178\\s+1`),
    );

    // NPAS_DATA_DIR stands in for --data-dir.
    const listed = json((await runs(['list', '--json'], { NPAS_DATA_DIR: dataDir })).stdout);
    expect(listed.total).toBe(1);
    expect(listed.rows[0]).toMatchObject({ id: runId, status: 'completed', epochsDone: 1 });
  });

  it('shows, tags, notes, archives and exports a run', async () => {
    const shown = await runs(['show', runId, '--data-dir', dataDir]);
    expect(shown.stdout).toMatch(/status\s+completed/);
    expect(shown.stdout).toMatch(/groups \(main\): 4 over 4 layers/);
    const details = json((await runs(['show', runId, '--json', '--data-dir', dataDir])).stdout);
    expect(details.run.config.training.maxStepsPerEpoch).toBe(3);
    expect(details.metrics.epochs).toHaveLength(1);

    expect(
      json((await runs(['tag', runId, 'smoke', 'cli', '--json', '--data-dir', dataDir])).stdout)
        .tags,
    ).toEqual(['cli', 'smoke']);
    expect(
      json((await runs(['tag', runId, 'cli', '--remove', '--json', '--data-dir', dataDir])).stdout)
        .tags,
    ).toEqual(['smoke']);
    await runs(['note', runId, 'first', 'try', '--data-dir', dataDir]);
    expect((await runs(['note', runId, '--data-dir', dataDir])).stdout.trim()).toBe('first try');
    await runs(['archive', runId, '--data-dir', dataDir]);
    expect(json((await runs(['list', '--json', '--data-dir', dataDir])).stdout).total).toBe(0);
    expect(
      json((await runs(['list', '--archived', '--json', '--data-dir', dataDir])).stdout).total,
    ).toBe(1);
    await runs(['archive', runId, '--undo', '--data-dir', dataDir]);

    const out = join(root, 'runs.csv');
    expect((await runs(['export', '--out', out, '--data-dir', dataDir])).code).toBe(0);
    const csv = readFileSync(out, 'utf8').split('\r\n');
    expect(csv[1]).toMatch(new RegExp(`^${runId},cli run,completed,unshared,cnn,sample,`));
    const history = (await runs(['export', runId, '--data-dir', dataDir])).stdout.split('\r\n');
    expect(history[0]).toMatch(/^phase,epoch,lr,/);
    expect(history[1]).toMatch(/^main,0,0\.1,/);
    const exported = json(
      (await runs(['export', runId, '--format', 'json', '--data-dir', dataDir])).stdout,
    );
    expect(exported).toMatchObject({ format: 'npas-run', run: { id: runId }, tags: ['smoke'] });
    expect(exported.metrics.steps).toHaveLength(3);
  });

  it('refuses to resume a completed run and to mix --data-dir with --checkpoint-dir', async () => {
    const resumed = await runs(['resume', runId, '--data-dir', dataDir]);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(
      /is completed; only stopped, interrupted or failed runs can be resumed/,
    );
    const mixed = npas([...TRAIN, '--data-dir', dataDir, '--checkpoint-dir', root]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(
      /--checkpoint-dir and --resume are for runs without a data folder/,
    );
  });

  it('refuses a config that fails validation without recording anything', async () => {
    const bad = npas([...TRAIN, '--lr=-1', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/training\.lr/);
    expect(json((await runs(['list', '--json', '--data-dir', dataDir])).stdout).total).toBe(1);
  });

  it('deletes only with --yes when stdin is not a terminal, removing the files too', async () => {
    const refused = await runs(['rm', runId, '--data-dir', dataDir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /refusing to delete 1 run\(s\) without confirmation: stdin is not a terminal; pass --yes/,
    );
    expect(existsSync(join(dataDir, 'runs', runId, 'last.ckpt'))).toBe(true);
    const removed = await runs(['rm', runId, '--yes', '--data-dir', dataDir]);
    expect(removed.code).toBe(0);
    expect(existsSync(join(dataDir, 'runs', runId))).toBe(false);
    expect(json((await runs(['list', '--json', '--data-dir', dataDir])).stdout).total).toBe(0);
  });

  it('fails with one line and exit code 2 on a damaged database, a newer database or an unusable folder', async () => {
    const damaged = join(root, 'damaged');
    await runs(['list', '--data-dir', damaged]);
    writeFileSync(join(damaged, 'npas.db'), 'garbage'.repeat(1000));
    const corrupt = await runs(['list', '--data-dir', damaged]);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr.trim().split('\n')).toHaveLength(1);
    expect(corrupt.stderr).toMatch(/npas\.db is not an SQLite database/);

    const future = join(root, 'future');
    await runs(['list', '--data-dir', future]);
    const raw = new Database(join(future, 'npas.db'));
    raw.pragma('user_version = 5000');
    raw.close();
    const newer = npas([...TRAIN, '--data-dir', future]);
    expect(newer.code).toBe(2);
    expect(newer.stderr).toMatch(/schema version 5000, newer than the latest/);

    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const unusable = await runs(['list', '--data-dir', join(file, 'data')]);
    expect(unusable.code).toBe(2);
    expect(unusable.stderr).toMatch(/a-file\/data cannot be created or used/);
  });
});
