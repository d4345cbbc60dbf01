// A data folder copied elsewhere works as it is and is independent of the original (issue #9
// item 2): run files are recorded relative to the folder, so deleting a run in the copy removes
// only the copy's files, and a stopped run in the copy resumes from the copy's checkpoint.
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDataDir } from '../../../src-main/services/dataDir';
import { planResume } from '../../../src-main/services/jobs/resumePlan';
import { createRunsService } from '../../../src-main/services/runs';
import { listRunFiles, requireRun, type RunId } from '../../../src-main/store';
import { cleanup, startQueue, tempDataDir, tempDir, tinyConfig } from './helpers';

afterEach(cleanup);

/** Every file under `folder` with its SHA-256, by relative path. */
function fingerprint(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(folder.length + 1)] = createHash('sha256')
      .update(readFileSync(path))
      .digest('hex');
  }
  return out;
}

describe('a copied data folder', () => {
  it('deletes a run in the copy without touching the original, and resumes the copy’s run from the copy', async () => {
    const original = tempDataDir();
    const queue = startQueue(original);
    const done = queue.enqueueTraining(tinyConfig());
    await queue.waitForRun(done);
    const stopped = queue.enqueueTraining(tinyConfig({}, 10));
    const off = queue.on('run.event', ({ runId, event }) => {
      if (runId === stopped && event.type === 'step' && event.epoch === 0 && event.step === 2) {
        off();
        queue.stop(stopped);
      }
    });
    expect((await queue.waitForRun(stopped)).status).toBe('stopped');
    await queue.close();
    expect(listRunFiles(original.db, done).map((f) => f.path)).toEqual([
      `runs/${done}/best.ckpt`,
      `runs/${done}/last.ckpt`,
    ]);
    original.close();
    const before = fingerprint(original.path);
    expect(Object.keys(before)).toContain(`runs/${done}/last.ckpt`);

    const copyPath = join(tempDir(), 'copy');
    cpSync(original.path, copyPath, { recursive: true });
    const copy = openDataDir(copyPath);
    const removed = createRunsService(copy).remove(done as RunId);
    expect(removed.leftovers).toEqual([]);
    expect(removed.deleted).toEqual([copy.runDir(done)]);
    expect(fingerprint(original.path)).toEqual(before);

    // The copy's stopped run opens and resumes from the copy's checkpoint.
    const plan = planResume(copy.db, stopped, copy.runDir(stopped), copy.path);
    expect(plan).toMatchObject({
      from: 'checkpoint',
      path: join(copyPath, 'runs', stopped, 'last.ckpt'),
    });
    const copyQueue = startQueue(copy);
    copyQueue.resume(stopped);
    expect((await copyQueue.waitForRun(stopped)).status).toBe('completed');
    await copyQueue.close();
    expect(requireRun(copy.db, stopped).epochsDone).toBe(2);
    copy.close();
    const after = fingerprint(original.path);
    expect(after).toEqual(before);
  });
});
