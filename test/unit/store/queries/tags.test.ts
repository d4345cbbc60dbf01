import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WritableDb } from '../../../../src-main/store/db';
import { StoreError } from '../../../../src-main/store/errors';
import {
  addTag,
  listAllTags,
  listTags,
  MAX_TAG_LENGTH,
  removeTag,
} from '../../../../src-main/store/queries/tags';
import { asRunId } from '../../../../src-main/store/runId';
import { DB_KINDS, cleanupFolders, createDb, makeRun } from '../helpers/storeFixtures';

describe.each(DB_KINDS)('tags on a %s database', (kind) => {
  let db: WritableDb;
  beforeEach(() => {
    db = createDb(kind);
  });
  afterEach(() => {
    db.close();
    cleanupFolders();
  });

  it('adds trimmed tags once, lists them sorted, and removes them', () => {
    const { id } = makeRun(db);
    addTag(db, id, ' paper ');
    addTag(db, id, 'baseline');
    addTag(db, id, 'paper');
    expect(listTags(db, id)).toEqual(['baseline', 'paper']);
    expect(removeTag(db, id, 'paper')).toBe(true);
    expect(removeTag(db, id, 'paper')).toBe(false);
    expect(listTags(db, id)).toEqual(['baseline']);
  });

  it('counts runs per tag across the store', () => {
    const a = makeRun(db);
    const b = makeRun(db);
    addTag(db, a.id, 'x');
    addTag(db, b.id, 'x');
    addTag(db, b.id, 'y');
    expect(listAllTags(db)).toEqual([
      { tag: 'x', runs: 2 },
      { tag: 'y', runs: 1 },
    ]);
  });

  it('refuses an empty or overlong tag and a tag on a missing run', () => {
    const { id } = makeRun(db);
    expect(() => addTag(db, id, '   ')).toThrow(/a tag cannot be empty/);
    expect(() => addTag(db, id, 'x'.repeat(MAX_TAG_LENGTH + 1))).toThrow(
      /is 65 characters; the limit is 64/,
    );
    expect(() => addTag(db, asRunId('ghost'), 'x')).toThrow(StoreError);
    expect(listAllTags(db)).toEqual([]);
  });
});
