import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WritableDb } from '../../../../src-main/store/db';
import { addRunFile, listRunFiles, removeRunFile } from '../../../../src-main/store/queries/files';
import { asRunId } from '../../../../src-main/store/runId';
import { DB_KINDS, cleanupFolders, createDb, makeRun } from '../helpers/storeFixtures';

describe.each(DB_KINDS)('run files on a %s database', (kind) => {
  let db: WritableDb;
  beforeEach(() => {
    db = createDb(kind);
  });
  afterEach(() => {
    db.close();
    cleanupFolders();
  });

  it('records files in order, filters by kind, and updates a re-written path in place', () => {
    const { id } = makeRun(db);
    addRunFile(db, { runId: id, kind: 'checkpoint', path: 'runs/a/last.ckpt', bytes: 100 });
    addRunFile(db, { runId: id, kind: 'export', path: 'runs/a/model.json', bytes: 7 });
    addRunFile(db, { runId: id, kind: 'checkpoint', path: 'runs/a/last.ckpt', bytes: 250 });
    const files = listRunFiles(db, id);
    expect(files.map((file) => [file.kind, file.path, file.bytes])).toEqual([
      ['checkpoint', 'runs/a/last.ckpt', 250],
      ['export', 'runs/a/model.json', 7],
    ]);
    expect(listRunFiles(db, id, 'export').map((file) => file.path)).toEqual(['runs/a/model.json']);
    expect(removeRunFile(db, id, 'runs/a/model.json')).toBe(true);
    expect(removeRunFile(db, id, 'runs/a/model.json')).toBe(false);
    expect(listRunFiles(db, id)).toHaveLength(1);
  });

  it('refuses an empty kind or path and a file for a missing run', () => {
    const { id } = makeRun(db);
    expect(() => addRunFile(db, { runId: id, kind: '', path: 'x' })).toThrow(
      /a file kind cannot be empty/,
    );
    expect(() => addRunFile(db, { runId: id, kind: 'export', path: ' ' })).toThrow(
      /a file path cannot be empty/,
    );
    expect(() => addRunFile(db, { runId: asRunId('ghost'), kind: 'export', path: 'x' })).toThrow(
      /FOREIGN KEY/,
    );
  });
});
