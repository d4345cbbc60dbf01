// The models-out part of the AppApi (issue #13): export a trained run's network to a model file
// in the run's exports/ folder, evaluate it on its test set, and locate a written file for the
// browser mode's download route. The exporters load TensorFlow.js, so they are imported only
// when a user asks for one: the app and `npas serve` start without it.
import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { AppApi } from '../../contract/appApi';
import { ConfigError } from '../../contract/errors';
import { asRunId } from '../../store';
import type { DataDir } from '../dataDir';
import type { DataFolderSession } from './dataFolderSession';

export interface ModelExportMethods extends Pick<AppApi, 'exportModel' | 'evaluateRun'> {
  /** Absolute path of a file exportModel wrote for `runId` (browser-mode download). */
  modelExportFile(runId: string, name: string): string;
}

/** The folder a run's model exports go to. */
export function exportsFolder(dir: DataDir, runId: string): string {
  return join(dir.runDir(asRunId(runId)), 'exports');
}

/** The absolute path of an exported file of `runId`; refuses anything outside its folder. */
export function modelExportFile(dir: DataDir, runId: string, name: string): string {
  const folder = exportsFolder(dir, runId);
  const path = resolve(folder, name);
  if (!path.startsWith(folder + sep) || !existsSync(path) || statSync(path).isDirectory()) {
    throw new ConfigError(`run ${runId} has no exported file ${name}`);
  }
  return path;
}

export function modelExportMethods(
  session: DataFolderSession,
  appVersion: string,
): ModelExportMethods {
  const dir = () => session.need().dir;
  return {
    async exportModel(runId, request) {
      const { exportRunModel } = await import('./modelExports');
      return exportRunModel(dir(), runId, request, appVersion);
    },
    async evaluateRun(runId) {
      const { evaluateRunModel } = await import('./modelExports');
      return evaluateRunModel(dir(), runId);
    },
    modelExportFile: (runId, name) => modelExportFile(dir(), runId, name),
  };
}
