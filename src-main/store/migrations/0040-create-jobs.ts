// Schema 40: the persisted job queue, so queued training survives a restart (issue #5, Jobs).
import type { WritableDb } from '../db';

export function updateToSchemaVersion0040(db: WritableDb): void {
  db.exec(`
    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY,
      runId TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('train', 'resume')),
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
      payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
      createdAt INTEGER NOT NULL,
      updatedAt INTEGER NOT NULL,
      position INTEGER NOT NULL,
      error TEXT
    ) STRICT;
    CREATE INDEX jobs_status_position ON jobs (status, position);
    CREATE INDEX jobs_runId ON jobs (runId);
  `);
}
