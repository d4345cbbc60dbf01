// The imported datasets of a data folder, kept in datasets.json beside the runs database (the
// store's schema stays as it is): one record per dataset folder, replaced when the same folder
// is imported again. Written atomically; a damaged file is reported, never overwritten.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DatasetError } from '../../contract/errors';
import type { DatasetInfo } from '../../contract/wire';

export const DATASETS_FILE = 'datasets.json';
const FILE_VERSION = 1;

const recordSchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  format: z.enum(['idx', 'cifar10', 'cifar100', 'folder']),
  trainCount: z.number(),
  testCount: z.number(),
  height: z.number(),
  width: z.number(),
  channels: z.number(),
  classes: z.number(),
  classNames: z.array(z.string()),
  importedAt: z.number(),
  notes: z.array(z.string()),
});
export type DatasetRecord = z.infer<typeof recordSchema>;

const fileSchema = z.object({ version: z.literal(FILE_VERSION), datasets: z.array(recordSchema) });

/** The registry file of a data folder. */
export function registryFile(dataDir: string): string {
  return join(dataDir, DATASETS_FILE);
}

/** The records in `dataDir` (none when the file does not exist yet). */
export function readRegistry(dataDir: string): DatasetRecord[] {
  const file = registryFile(dataDir);
  if (!existsSync(file)) return [];
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data.datasets;
    throw new Error(parsed.error.issues[0]?.message ?? 'unexpected content');
  } catch (error) {
    throw new DatasetError(
      file,
      `the list of imported datasets is damaged (${(error as Error).message}); move the file ` +
        'away to start a new list',
      { cause: error },
    );
  }
}

/** Adds `record`, replacing any record of the same folder; returns the list after. */
export function registerDataset(dataDir: string, record: DatasetRecord): DatasetRecord[] {
  const records = readRegistry(dataDir).filter((r) => r.path !== record.path && r.id !== record.id);
  records.push(record);
  const file = registryFile(dataDir);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(
      tmp,
      `${JSON.stringify({ version: FILE_VERSION, datasets: records }, null, 2)}\n`,
    );
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new DatasetError(file, `cannot save the list of datasets (${(error as Error).message})`, {
      cause: error,
    });
  }
  return records;
}

/** A record as the UI sees it. */
export function toDatasetInfo(record: DatasetRecord): DatasetInfo {
  return { ...record, builtin: false };
}
