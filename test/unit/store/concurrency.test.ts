import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/store/db';
import { listRuns } from '../../../src-main/store/queries/listRuns';
import { setNote } from '../../../src-main/store/queries/runs';
import { cleanupFolders, makeRun, tempFolder } from './helpers/storeFixtures';

const WRITER = fileURLToPath(new URL('./helpers/metricsWriter.ts', import.meta.url));

/** Starts the writer process and resolves once it has opened the database. */
function startWriter(path: string, runId: string, ms: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, runId, String(ms)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.startsWith('ready\n')) resolve();
    });
    child.on('exit', () => reject(new Error(`writer exited before it was ready: ${errors}`)));
  });
  const done = new Promise<{ ticks: number; locked: number }>((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`writer failed (${code}): ${errors}`));
      else resolve(JSON.parse(output.split('\n')[1]) as { ticks: number; locked: number });
    });
  });
  return { ready, done };
}

describe('two connections on one database', () => {
  afterAll(cleanupFolders);

  it('page the runs list and write notes while another process inserts metrics, never "database is locked"', async () => {
    const path = join(tempFolder(), 'runs.db');
    const db = openDatabase(path);
    const runs = Array.from({ length: 300 }, (_, i) => makeRun(db, { createdAt: 1_000 + i }));
    const reader = openDatabase(path, { readonly: true });
    const writer = startWriter(path, runs[0].id, 1500);
    await writer.ready;

    let pages = 0;
    let locked = 0;
    const seen = new Set<number>();
    const end = Date.now() + 1200;
    while (Date.now() < end) {
      try {
        const page = listRuns(reader, {
          filter: { method: 'ssn', archived: false },
          sort: { column: 'updatedAt', direction: 'desc' },
          page: { limit: 50, offset: (pages % 6) * 50 },
        });
        expect(page.total).toBe(300);
        seen.add(reader.prepare('SELECT count(*) FROM epochMetrics').pluck().get() as number);
        // The main process is a writer too (notes, tags): BEGIN IMMEDIATE + busy_timeout queue it.
        if (pages % 10 === 0) setNote(db, runs[pages % 300].id, `note ${pages}`);
        pages += 1;
      } catch (error) {
        if (!/locked|busy/i.test(String(error))) throw error;
        locked += 1;
      }
    }
    const result = await writer.done;
    reader.close();
    db.close();
    expect(locked).toBe(0);
    expect(result.locked).toBe(0);
    expect(result.ticks).toBeGreaterThan(10);
    expect(pages).toBeGreaterThan(10);
    // The reader saw the metrics grow while it paged: the two really overlapped.
    expect(seen.size).toBeGreaterThan(2);
  });
});
