// Schema 30: what hangs off a run besides metrics: sharing groups per stage, tags, and the
// files (checkpoints, exports) that deleting the run must remove (issue #5).
import type { WritableDb } from '../db';

export function updateToSchemaVersion0030(db: WritableDb): void {
  db.exec(`
    CREATE TABLE runGroups (
      runId TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      stage TEXT NOT NULL,
      layerId INTEGER NOT NULL,
      layerName TEXT NOT NULL,
      groupId INTEGER NOT NULL,
      detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
      PRIMARY KEY (runId, stage, layerId)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE tags (
      runId TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      tag TEXT NOT NULL CHECK (length(tag) > 0),
      PRIMARY KEY (runId, tag)
    ) STRICT, WITHOUT ROWID;
    -- Filtering the list by tag starts from the tag.
    CREATE INDEX tags_tag ON tags (tag, runId);

    CREATE TABLE runFiles (
      id INTEGER PRIMARY KEY,
      runId TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (length(kind) > 0),
      path TEXT NOT NULL,
      bytes INTEGER,
      createdAt INTEGER NOT NULL,
      UNIQUE (runId, path)
    ) STRICT;
  `);
}
