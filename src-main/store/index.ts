// The store's public surface: open the database, then call the per-domain query functions.
export { openDatabase, writeTransaction, toStoreError, BUSY_TIMEOUT_MS } from './db';
export type { ReadableDb, WritableDb, OpenDatabaseOptions } from './db';
export { StoreError, DbVersionFromFutureError, ForeignDatabaseError } from './errors';
export { newRunId, asRunId, type RunId } from './runId';
export { LATEST_SCHEMA_VERSION, getSchemaVersion, migrateDatabase } from './migrations';
export { sql, sqlFragment, sqlJoin, sqlIdentifier, all, get, run, explainQueryPlan } from './sql';
export type { SqlQuery, SqlValue } from './sql';
export * from './queries/runs';
export * from './queries/listRuns';
export * from './queries/metrics';
export * from './queries/groups';
export * from './queries/tags';
export * from './queries/files';
export { isInsideFolder, resolveStoredPath, toStoredPath } from './runFilePath';
export * from './queries/jobs';
export * from './queries/progress';
export * from './queries/sweeps';
export * from './queries/bundles';
