// The AppApi implemented over the services: transport-agnostic, used by the Electron IPC
// binding, the browser-mode server and tests alike. This file only composes it; each domain
// lives in services/app/: events (eventHub), the open data folder and its job queue
// (dataFolderSession), settings, system facts, designs, datasets and jobs, runs, exports, models.
import { resolve } from 'node:path';
import type { AppApi } from '../contract/appApi';
import type { AppEventEnvelope } from '../contract/events';
import type { DatasetImportProgress } from '../contract/wire';
import { createDataFolderSession } from './app/dataFolderSession';
import { designMethods } from './app/designMethods';
import { createEventHub } from './app/eventHub';
import { exportMethods } from './app/exportMethods';
import { jobMethods } from './app/jobMethods';
import { modelExportMethods } from './app/modelExportMethods';
import { runMethods } from './app/runMethods';
import { createSettingsDomain } from './app/settingsMethods';
import { sweepMethods } from './app/sweepMethods';
import { systemMethods } from './app/systemMethods';
import { createDatasetsService } from './datasets';
import type { EngineHost } from './jobs/engineHost';
import { defaultSettings, loadSettings } from './settings';

export interface AppServiceOptions {
  appVersion: string;
  /** The settings JSON file. */
  settingsFile: string;
  /** The data folder used when the settings name none. */
  defaultDataDir: string;
  /** Use this data folder for this session (`npas serve --data-dir`), whatever the settings say. */
  dataDirOverride?: string;
  /** better_sqlite3.node built for this runtime (the Electron app passes its own). */
  nativeBinding?: string;
  /** Runs the job queue (default true); false gives a browse-only service. */
  runQueue?: boolean;
  /** Engine host factory (tests inject workers). */
  createHost?: () => EngineHost;
  /** Progress tick of the queue, in ms. */
  tickMs?: number;
}

/** The AppApi plus what a transport needs: events and shutdown. */
export interface AppService extends AppApi {
  /** Receives every pushed event; returns the unsubscribe function. */
  subscribe(listener: (envelope: AppEventEnvelope) => void): () => void;
  /** Stops the running job (it checkpoints), ends the worker and closes the database. */
  close(): Promise<void>;
  /** Path of the open data folder, or null when it could not be opened. */
  readonly dataDirPath: string | null;
  /** Why the data folder or its queue is unusable, or null. */
  readonly problem: string | null;
  /** Absolute path of a file exportModel wrote for `runId` (browser-mode download). */
  modelExportFile(runId: string, name: string): string;
}

/** Creates the service object that every transport exposes. */
export function createAppService(options: AppServiceOptions): AppService {
  const events = createEventHub();
  const defaults = defaultSettings(options.defaultDataDir);
  const loaded = loadSettings(options.settingsFile, defaults);
  const session = createDataFolderSession(
    resolve(options.dataDirOverride ?? loaded.settings.dataDir),
    loaded.warning,
    options,
    events,
  );
  const settings = createSettingsDomain(options, defaults, loaded.settings, session, events);
  const datasets = createDatasetsService({
    dataDir: () => session.need().dir.path,
    emit: (payload: DatasetImportProgress) =>
      events.emit({ name: 'dataset.importProgress', payload }),
  });
  const models = modelExportMethods(session, options.appVersion);
  const api: AppApi = {
    ...systemMethods(options.appVersion, session, settings.current, options.createHost),
    ...settings.methods,
    ...designMethods(),
    ...jobMethods(session, datasets, settings.current),
    ...runMethods(session),
    ...sweepMethods(session, datasets, settings.current, events),
    ...exportMethods(session),
    exportModel: models.exportModel,
    evaluateRun: models.evaluateRun,
  };
  return {
    ...api,
    get dataDirPath() {
      return session.context?.dir.path ?? null;
    },
    get problem() {
      return session.problem;
    },
    modelExportFile: models.modelExportFile,
    subscribe: (listener) => events.subscribe(listener),
    close: () => session.close(),
  };
}
