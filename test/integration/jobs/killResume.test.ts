// Acceptance (issue #5, Crash safety): a real `npas train --data-dir` child process is killed
// with SIGKILL mid-epoch; the next start finds the database clean and the run interrupted, and
// `npas runs resume` ends it with the same final metrics as an uninterrupted run with the same
// seed. Repeated for kill points before the first checkpoint and inside the second epoch.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openDataDir } from '../../../src-main/services/dataDir';
import { recoverCrashedRuns } from '../../../src-main/services/jobs/recovery';
import {
  getMetricHistory,
  requireRun,
  type MetricHistory,
  type RunId,
} from '../../../src-main/store';
import { cleanup, tempDir } from './helpers';

const TRAIN = [
  '--arch',
  'cnn',
  '--epochs',
  '2',
  '--max-steps',
  '10',
  '--batch-size',
  '32',
  '--seed',
  '11',
  '--backend',
  'wasm',
  '--json',
];
const env = { ...process.env, NPAS_BACKEND: '', NPAS_DATA_DIR: '' };

afterAll(cleanup);

function npas(args: string[]) {
  const result = spawnSync(process.execPath, ['bin/npas.js', ...args], {
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  return {
    code: result.status,
    lines: result.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
    stderr: result.stderr,
  };
}

/** Starts training and SIGKILLs the process once it prints step `step` of epoch `epoch`. */
function trainAndKill(
  dataDir: string,
  epoch: number,
  step: number,
): Promise<{ runId: RunId; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['bin/npas.js', 'train', '--data-dir', dataDir, ...TRAIN],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let runId: RunId | null = null;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = JSON.parse(line);
      if (event.type === 'run') runId = event.runId;
      if (event.type === 'step' && event.epoch === epoch && event.step === step)
        child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      runId ? resolve({ runId, signal }) : reject(new Error('no run id printed')),
    );
  });
}

function finalEpoch(dataDir: string, runId: RunId) {
  const dir = openDataDir(dataDir);
  try {
    const history = getMetricHistory(dir.db, runId);
    return {
      run: requireRun(dir.db, runId),
      last: history.epochs.at(-1)!,
      rows: measured(history),
    };
  } finally {
    dir.close();
  }
}

/** Every stored epoch and step row without its run id and wall-clock columns. */
function measured({ epochs, steps }: MetricHistory) {
  return {
    epochs: epochs.map(({ runId: _r, seconds: _s, imagesPerSecond: _i, ...rest }) => rest),
    steps: steps.map(({ runId: _r, imagesPerSecond: _i, ...rest }) => rest),
  };
}

describe('a training process killed with SIGKILL', () => {
  const reference = join(tempDir(), 'reference');
  let expected: ReturnType<typeof finalEpoch>['last'];
  let expectedRows: ReturnType<typeof finalEpoch>['rows'];

  it('trains uninterrupted for reference', () => {
    const { code, lines } = npas(['train', '--data-dir', reference, ...TRAIN]);
    expect(code).toBe(0);
    const runId = lines[0].runId as RunId;
    expect(lines.at(-1)).toMatchObject({ type: 'result', status: 'completed', runId, epochs: 2 });
    ({ last: expected, rows: expectedRows } = finalEpoch(reference, runId));
    expect(expected.epoch).toBe(1);
  });

  it.each([
    [0, 3],
    [1, 1],
    [1, 3],
  ])(
    'killed at epoch %i step %i, is interrupted after a restart and resumes to the same metrics',
    async (epoch, step) => {
      const dataDir = join(tempDir(), 'data');
      const { runId, signal } = await trainAndKill(dataDir, epoch, step);
      expect(signal).toBe('SIGKILL');

      // Restart: the database opens cleanly and the run is interrupted, with its committed epochs.
      const dir = openDataDir(dataDir);
      expect(dir.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(recoverCrashedRuns(dir)).toEqual([runId]);
      const run = requireRun(dir.db, runId);
      expect(run.status).toBe('interrupted');
      expect(run.epochsDone).toBe(epoch);
      dir.close();

      const { code, lines, stderr } = npas([
        'runs',
        'resume',
        runId,
        '--data-dir',
        dataDir,
        '--json',
      ]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(lines.at(-1)).toMatchObject({ type: 'result', status: 'completed', runId, epochs: 2 });
      const resumed = finalEpoch(dataDir, runId);
      expect(resumed.run).toMatchObject({ status: 'completed', epochsDone: 2 });
      expect(resumed.last.epoch).toBe(1);
      expect(resumed.last.testLoss!).toBeCloseTo(expected.testLoss!, 5);
      expect(resumed.last.valLoss!).toBeCloseTo(expected.valLoss!, 5);
      expect(resumed.last.testTop1).toBe(expected.testTop1);
      expect(resumed.last.valTop1).toBe(expected.valTop1);
      expect(resumed.rows).toEqual(expectedRows);
    },
  );
});
