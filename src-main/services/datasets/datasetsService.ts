// Datasets for the UI (issue #6, Run screen): the bundled sample plus folders the user imported.
// Importing validates by loading the whole dataset with the engine's readers (so a wrong format
// fails here, as a DatasetError naming the file, not later in a run), registers it and returns a
// preview; progress is pushed as 'dataset.importProgress' events.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { DatasetError } from '../../contract/errors';
import type {
  DatasetFormatChoice,
  DatasetImportProgress,
  DatasetImportResult,
  DatasetInfo,
} from '../../contract/wire';
import { loadDataset, type LoadedDataset } from '../../engine/data';
import { previewDataset } from './previewImages';
import {
  readRegistry,
  registerDataset,
  toDatasetInfo,
  type DatasetRecord,
} from './datasetRegistry';

export interface DatasetsService {
  list(): Promise<DatasetInfo[]>;
  import(path: string, format?: DatasetFormatChoice): Promise<DatasetImportResult>;
  preview(id: string): Promise<DatasetImportResult>;
}

export interface DatasetsDeps {
  /** The open data folder's path (throws when none is open). */
  dataDir(): string;
  emit(progress: DatasetImportProgress): void;
  /** Injected for tests; defaults to the engine's loadDataset. */
  load?: typeof loadDataset;
}

/** A stable id for a dataset folder. */
export function datasetId(path: string): string {
  return createHash('sha256').update(resolve(path)).digest('hex').slice(0, 12);
}

function describe(
  loaded: LoadedDataset,
  id: string,
  path: string,
  importedAt: number | null,
): Omit<DatasetInfo, 'builtin'> {
  const { train, test } = loaded;
  return {
    id,
    name: train.name.replace(/ \((train|training)\)$/i, ''),
    path,
    format: loaded.format,
    trainCount: train.count,
    testCount: test?.count ?? 0,
    height: train.height,
    width: train.width,
    channels: train.channels,
    classes: train.classes,
    classNames: [...train.classNames],
    importedAt,
    notes: [...loaded.notes],
  };
}

/** The datasets service over a data folder. */
export function createDatasetsService(deps: DatasetsDeps): DatasetsService {
  const load = deps.load ?? loadDataset;
  let sample: Promise<DatasetImportResult> | null = null;

  const sampleResult = () => {
    sample ??= load('sample').then((loaded) => ({
      dataset: { ...describe(loaded, 'sample', 'sample', null), builtin: true },
      preview: previewDataset(loaded.train),
    }));
    // A failed read is not cached: the next call tries again.
    sample.catch(() => {
      sample = null;
    });
    return sample;
  };

  async function importDataset(
    path: string,
    format: DatasetFormatChoice = 'auto',
  ): Promise<DatasetImportResult> {
    if (path.trim() === 'sample') return sampleResult();
    const folder = resolve(path.trim());
    const emit = (stage: DatasetImportProgress['stage'], fraction: number, message: string) =>
      deps.emit({ path, stage, fraction, message });
    emit('reading', 0, `reading ${folder}`);
    try {
      const loaded = await load(folder, { format });
      emit('preview', 0.8, `read ${loaded.train.count} training images; drawing a preview`);
      const preview = previewDataset(loaded.train);
      emit('saving', 0.9, 'adding it to the datasets list');
      const record: DatasetRecord = {
        ...describe(loaded, datasetId(folder), folder, Date.now()),
        importedAt: Date.now(),
      };
      registerDataset(deps.dataDir(), record);
      emit('done', 1, `imported ${record.name}`);
      return { dataset: toDatasetInfo(record), preview };
    } catch (error) {
      emit('failed', 1, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  return {
    async list() {
      const builtin = await sampleResult().then(
        (result) => [result.dataset],
        // The sample missing (a broken install) must not hide the user's own datasets.
        () => [],
      );
      return [...builtin, ...readRegistry(deps.dataDir()).map(toDatasetInfo)];
    },
    import: importDataset,
    async preview(id) {
      if (id === 'sample') return sampleResult();
      const record = readRegistry(deps.dataDir()).find((r) => r.id === id || r.path === id);
      if (!record) {
        throw new DatasetError(
          id,
          'is not a known dataset; import it first (listDatasets shows the known ones)',
        );
      }
      const loaded = await load(record.path, { format: record.format });
      return {
        dataset: toDatasetInfo({
          ...describe(loaded, record.id, record.path, record.importedAt),
          importedAt: record.importedAt,
        }),
        preview: previewDataset(loaded.train),
      };
    },
  };
}
