// Models out for the app (issue #13): Export model and Evaluate in the run details panel. The
// file goes to the run's own `exports/` folder (replacing an earlier export of the same name);
// browser mode downloads it through the server's /downloads/ route, which asks modelExportFile
// for the path so a request can never name a file outside that folder.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ModelEvaluationWire, ModelExportWire } from '../../contract/wire';
import { initBackend } from '../../engine/backend/ladder';
import type { DataDir } from '../dataDir';
import { evaluateModel, exportModel, sourceFromRun } from '../exports';
import { exportsFolder } from './modelExportMethods';

/** Exports the run's network in `request.format` under its exports folder. */
export async function exportRunModel(
  dir: DataDir,
  runId: string,
  request: { format: string; members?: number[] },
  appVersion?: string,
): Promise<ModelExportWire> {
  const source = await sourceFromRun(dir, runId);
  // The app's main process evaluates on CPU; the trainer keeps the worker's backend.
  await initBackend('wasm');
  const folder = exportsFolder(dir, runId);
  const result = await exportModel(source, {
    ...request,
    outDir: folder,
    force: true,
    producerVersion: appVersion,
  });
  const files = statSync(result.path).isDirectory()
    ? readdirSync(result.path).map((f) => relative(folder, join(result.path, f)))
    : [relative(folder, result.path)];
  return { ...result, files };
}

/** Evaluates the run's network on its test split. */
export async function evaluateRunModel(dir: DataDir, runId: string): Promise<ModelEvaluationWire> {
  const source = await sourceFromRun(dir, runId);
  await initBackend('wasm');
  return evaluateModel(source);
}
