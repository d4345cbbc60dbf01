// Schema 10: the runs table, one row per experiment with its config verbatim, environment,
// accounting and summary columns, plus the indexes the runs list filters and sorts on (issue #5).
import type { WritableDb } from '../db';

export function updateToSchemaVersion0010(db: WritableDb): void {
  db.exec(`
    CREATE TABLE runs (
      id TEXT PRIMARY KEY NOT NULL,
      name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN
        ('queued', 'running', 'stopping', 'stopped', 'interrupted', 'failed', 'completed')),
      method TEXT NOT NULL CHECK (method IN ('unshared', 'ssn', 'superweights')),
      arch TEXT NOT NULL,
      dataset TEXT NOT NULL,
      budgetRequested TEXT,
      budgetParams INTEGER,
      trainableParams INTEGER,
      unsharedParams INTEGER,
      config TEXT NOT NULL CHECK (json_valid(config)),
      configSchemaVersion INTEGER NOT NULL,
      environment TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(environment)),
      seed INTEGER NOT NULL,
      createdAt INTEGER NOT NULL,
      startedAt INTEGER,
      finishedAt INTEGER,
      updatedAt INTEGER NOT NULL,
      error TEXT,
      bestValTop1 REAL,
      bestTestTop1 REAL,
      lastValTop1 REAL,
      lastTestTop1 REAL,
      lastLoss REAL,
      imagesPerSecond REAL,
      durationSeconds REAL,
      epochsDone INTEGER NOT NULL DEFAULT 0,
      phase TEXT,
      note TEXT NOT NULL DEFAULT '',
      archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
    ) STRICT;

    -- The default list (not archived, newest first) and its common filters walk an index in
    -- order, so the first page never sorts the whole table.
    CREATE INDEX runs_archived_createdAt ON runs (archived, createdAt);
    CREATE INDEX runs_status_createdAt ON runs (status, createdAt);
    CREATE INDEX runs_method_createdAt ON runs (method, createdAt);
    CREATE INDEX runs_budgetParams ON runs (budgetParams);
    CREATE INDEX runs_bestValTop1 ON runs (bestValTop1);
  `);
}
