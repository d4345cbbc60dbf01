// Tags on runs (issue #5): free-form labels the runs list filters by.
import type { ReadableDb, WritableDb } from '../db';
import { StoreError } from '../errors';
import type { RunId } from '../runId';
import { all, run, sql } from '../sql';
import { requireRun } from './runs';

export const MAX_TAG_LENGTH = 64;

function normaliseTag(tag: string): string {
  const trimmed = tag.trim();
  if (!trimmed) throw new StoreError('a tag cannot be empty');
  if (trimmed.length > MAX_TAG_LENGTH) {
    throw new StoreError(
      `tag '${trimmed.slice(0, 20)}...' is ${trimmed.length} characters; the limit is ${MAX_TAG_LENGTH}`,
    );
  }
  return trimmed;
}

/** Adds a tag (trimmed) to a run; adding it twice is harmless. */
export function addTag(db: WritableDb, runId: RunId, tag: string): void {
  const clean = normaliseTag(tag);
  requireRun(db, runId);
  run(db, sql`INSERT OR IGNORE INTO tags (runId, tag) VALUES (${runId}, ${clean})`);
}

/** Removes a tag from a run; returns whether it was there. */
export function removeTag(db: WritableDb, runId: RunId, tag: string): boolean {
  return run(db, sql`DELETE FROM tags WHERE runId = ${runId} AND tag = ${tag.trim()}`).changes > 0;
}

/** A run's tags, sorted. */
export function listTags(db: ReadableDb, runId: RunId): string[] {
  return all<{ tag: string }>(
    db,
    sql`SELECT tag FROM tags WHERE runId = ${runId} ORDER BY tag`,
  ).map((row) => row.tag);
}

/** Every tag in use with how many runs carry it, for the filter menu. */
export function listAllTags(db: ReadableDb): { tag: string; runs: number }[] {
  return all<{ tag: string; runs: number }>(
    db,
    sql`SELECT tag, count(*) AS runs FROM tags GROUP BY tag ORDER BY tag`,
  );
}
