// Temporary files of a checkpoint write that was killed (`*.ckpt.tmp-<pid>`) are removed when
// their run next starts (issue #9 item 8), in the run's folder and its search/ folder alike.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStaleTemporaries } from '../../../src-main/services/jobs/removeStaleTemporaries';
import { cleanup, startQueue, tempDataDir, tempDir, tinyConfig } from './helpers';

afterEach(cleanup);

describe('stale checkpoint temporaries', () => {
  it('are removed when a stopped run is resumed, and its checkpoint is kept', async () => {
    const dataDir = tempDataDir();
    const queue = startQueue(dataDir);
    const runId = queue.enqueueTraining(tinyConfig({}, 10));
    const off = queue.on('run.event', ({ runId: id, event }) => {
      if (id === runId && event.type === 'step' && event.step === 1) {
        off();
        queue.stop(runId);
      }
    });
    expect((await queue.waitForRun(runId)).status).toBe('stopped');
    const folder = dataDir.runDir(runId);
    // What a process killed between writing and renaming leaves behind.
    const stale = [join(folder, 'last.ckpt.tmp-4242'), join(folder, 'search', 'last.ckpt.tmp-7')];
    mkdirSync(join(folder, 'search'));
    for (const path of stale) writeFileSync(path, 'half a checkpoint');
    queue.resume(runId);
    expect((await queue.waitForRun(runId)).status).toBe('completed');
    await queue.close();
    expect(stale.map((path) => existsSync(path))).toEqual([false, false]);
    expect(existsSync(join(folder, 'last.ckpt'))).toBe(true);
    dataDir.close();
  });

  it('match only the temporaries of atomic writes, not other files', () => {
    const folder = tempDir();
    const names = [
      'best.ckpt.tmp-12',
      'groups.json.tmp-3',
      'last.ckpt',
      'notes.tmp-1',
      'x.ckpt.tmp-',
    ];
    for (const name of names) writeFileSync(join(folder, name), '');
    expect(removeStaleTemporaries(folder)).toEqual([
      join(folder, 'best.ckpt.tmp-12'),
      join(folder, 'groups.json.tmp-3'),
    ]);
    expect(names.filter((name) => existsSync(join(folder, name)))).toEqual([
      'last.ckpt',
      'notes.tmp-1',
      'x.ckpt.tmp-',
    ]);
    expect(removeStaleTemporaries(join(folder, 'missing'))).toEqual([]);
  });
});
