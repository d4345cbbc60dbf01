// Sharing groups saved with a run (issue #5; ARCHITECTURE.md "The engine"): for each stage
// ('search', 'main', 'unsharing:<epoch>', ...) which group every layer belongs to, plus the
// accounting's per-layer detail (bank, templates, ...) as JSON.
import type { ReadableDb, WritableDb } from '../db';
import { writeTransaction } from '../db';
import { StoreError } from '../errors';
import type { RunId } from '../runId';
import { all, run, sql } from '../sql';

/** One layer's group at one stage. */
export interface GroupAssignment {
  layerId: number;
  layerName: string;
  groupId: number;
  /** What the accounting reports for the layer (bank, templates, coefficients...). */
  detail?: Record<string, unknown>;
}

/** A row of `runGroups` with `detail` parsed. */
export interface GroupRow extends Required<GroupAssignment> {
  runId: RunId;
  stage: string;
}

/** Replaces a stage's groups for a run in one transaction. */
export function setGroups(
  db: WritableDb,
  runId: RunId,
  stage: string,
  groups: readonly GroupAssignment[],
): void {
  if (!stage.trim()) throw new StoreError(`run '${runId}': a group stage name cannot be empty`);
  writeTransaction(db, () => {
    run(db, sql`DELETE FROM runGroups WHERE runId = ${runId} AND stage = ${stage}`);
    for (const group of groups) {
      run(
        db,
        sql`INSERT INTO runGroups (runId, stage, layerId, layerName, groupId, detail)
        VALUES (${runId}, ${stage}, ${group.layerId}, ${group.layerName}, ${group.groupId},
          ${JSON.stringify(group.detail ?? {})})`,
      );
    }
  });
}

/** A run's groups, by stage then layer; only `stage`'s when given. */
export function getGroups(db: ReadableDb, runId: RunId, stage?: string): GroupRow[] {
  const rows =
    stage === undefined
      ? all<GroupRow & { detail: string }>(
          db,
          sql`SELECT * FROM runGroups WHERE runId = ${runId} ORDER BY stage, layerId`,
        )
      : all<GroupRow & { detail: string }>(
          db,
          sql`SELECT * FROM runGroups WHERE runId = ${runId} AND stage = ${stage} ORDER BY layerId`,
        );
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}

/** The stages a run has groups for. */
export function listGroupStages(db: ReadableDb, runId: RunId): string[] {
  return all<{ stage: string }>(
    db,
    sql`SELECT DISTINCT stage FROM runGroups WHERE runId = ${runId} ORDER BY stage`,
  ).map((row) => row.stage);
}
