// Schema 60 (issue #14): sweeps and their cells, and the run bundles imported so far. A cell
// points at its run once the run is in the store (at once for local cells, on import for Slurm
// cells); deleting that run clears the link, not the cell. `runBundles` makes imports
// idempotent: a bundle id seen before is never imported twice.
import type { WritableDb } from '../db';

export function updateToSchemaVersion0060(db: WritableDb): void {
  db.exec(`
    CREATE TABLE sweeps (
      id TEXT PRIMARY KEY NOT NULL,
      name TEXT NOT NULL,
      executor TEXT NOT NULL CHECK (executor IN ('local', 'slurm')),
      base TEXT NOT NULL CHECK (json_valid(base)),
      axes TEXT NOT NULL CHECK (json_valid(axes)),
      slurm TEXT CHECK (slurm IS NULL OR json_valid(slurm)),
      root TEXT,
      slurmJobId TEXT,
      script TEXT,
      createdAt INTEGER NOT NULL,
      updatedAt INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX sweeps_createdAt ON sweeps (createdAt);

    CREATE TABLE sweepCells (
      sweepId TEXT NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
      cellIndex INTEGER NOT NULL CHECK (cellIndex >= 0),
      label TEXT NOT NULL,
      name TEXT NOT NULL,
      method TEXT NOT NULL,
      seed INTEGER NOT NULL,
      cellValues TEXT NOT NULL CHECK (json_valid(cellValues)),
      config TEXT NOT NULL CHECK (json_valid(config)),
      state TEXT NOT NULL CHECK (state IN
        ('queued', 'pending', 'running', 'completed', 'failed', 'timeout', 'cancelled')),
      runId TEXT REFERENCES runs (id) ON DELETE SET NULL,
      slurmJobId TEXT,
      exitCode INTEGER,
      logTail TEXT,
      bundleDir TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      updatedAt INTEGER NOT NULL,
      PRIMARY KEY (sweepId, cellIndex)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX sweepCells_runId ON sweepCells (runId);

    CREATE TABLE runBundles (
      bundleId TEXT PRIMARY KEY NOT NULL,
      runId TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      path TEXT NOT NULL,
      importedAt INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX runBundles_runId ON runBundles (runId);
  `);
}
