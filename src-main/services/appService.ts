// The AppApi implemented over the services (runs, jobs, inspect, datasets, settings) and the
// engine's architecture registry: transport-agnostic, used by the Electron IPC binding, the
// browser-mode server and tests alike. It owns the open data folder and its job queue, switches
// both when the settings name another folder, and pushes the queue's events (plus dataset and
// settings events) to subscribers as the contract's AppEventMap.
import { resolve } from 'node:path';
import type { AppApi } from '../contract/appApi';
import { parseRunConfig, type RunConfig, type RunConfigInput } from '../contract/config';
import type { AppEventEnvelope } from '../contract/events';
import type {
  AppSettings,
  ArchitecturePresetWire,
  DatasetImportProgress,
  ExportFileWire,
  InspectReportWire,
  QueueEntryWire,
  RunProgressWire,
  SettingsView,
} from '../contract/wire';
import { ARCHITECTURE_PRESETS } from '../engine/arch/registry';
import { probeBackends } from '../engine/backend/ladder';
import { budgetRegime } from '../engine/npas/budget';
import { listPresets, loadPreset } from './presets';
import {
  asRunId,
  listAllTags,
  listJobs,
  requireRun,
  setName,
  StoreError,
  type RunId,
} from '../store';
import { openDataDir, type DataDir } from './dataDir';
import { createDatasetsService } from './datasets';
import { inspectConfig } from './inspect';
import type { EngineHost } from './jobs/engineHost';
import { JobQueue } from './jobs/jobQueue';
import { createRunsService, type RunsService } from './runs';
import { defaultSettings, loadSettings, saveSettings } from './settings';
import { describeDesign } from './app/describeDesign';
import { sharingReport } from './app/sharingReport';
import { sweepConfigs } from './app/sweepConfigs';
import { FORWARDED_QUEUE_EVENTS, finishedToWire, queueEnvelope } from './app/wireEvents';

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
}

/** An open data folder with its services. */
interface Context {
  dir: DataDir;
  runs: RunsService;
  queue: JobQueue | null;
  /** Why the queue could not start (another process holds it), or null. */
  queueError: string | null;
}

/** Presets the Design screen offers, with the input CIFAR networks default to. */
function architecturePresets(): ArchitecturePresetWire[] {
  return ARCHITECTURE_PRESETS.map((p) => ({
    ...p,
    defaultInput: /^(wrn|resnet)-/.test(p.name) ? '32x32x3' : null,
  }));
}

function exportName(stem: string, extension: string): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `${stem}-${stamp}.${extension}`;
}

/** Creates the service object that every transport exposes. */
export function createAppService(options: AppServiceOptions): AppService {
  const listeners = new Set<(envelope: AppEventEnvelope) => void>();
  const emit = (envelope: AppEventEnvelope) => {
    for (const listener of [...listeners]) {
      try {
        listener(envelope);
      } catch (error) {
        // A transport's bug must not stop the other subscribers; surface it, never swallow.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };
  const progress = new Map<string, RunProgressWire>();
  const defaults = defaultSettings(options.defaultDataDir);
  const loaded = loadSettings(options.settingsFile, defaults);
  let saved: AppSettings = loaded.settings;
  let active = resolve(options.dataDirOverride ?? saved.dataDir);
  let ctx: Context | null = null;
  let problem: string | null = loaded.warning;

  function openContext(path: string): Context {
    const dir = openDataDir(path, { nativeBinding: options.nativeBinding });
    const runs = createRunsService(dir);
    if (options.runQueue === false) return { dir, runs, queue: null, queueError: null };
    const queue = new JobQueue({
      dataDir: dir,
      createHost: options.createHost,
      tickMs: options.tickMs,
    });
    for (const name of FORWARDED_QUEUE_EVENTS) {
      queue.on(name, (payload) => {
        if (name === 'run.progress') {
          const p = payload as RunProgressWire;
          progress.set(p.runId, p);
        }
        emit(queueEnvelope(name, payload));
      });
    }
    queue.on('run.finished', (finished) => {
      progress.delete(finished.runId);
      emit({ name: 'run.finished', payload: finishedToWire(finished) });
    });
    try {
      queue.start();
      return { dir, runs, queue, queueError: null };
    } catch (error) {
      // Another process (a CLI run, a second app) holds this folder's queue: browse, don't train.
      return { dir, runs, queue: null, queueError: (error as Error).message };
    }
  }

  async function closeContext(context: Context): Promise<void> {
    try {
      await context.queue?.close();
    } finally {
      context.dir.close();
    }
  }

  try {
    ctx = openContext(active);
    problem = ctx.queueError ?? problem;
  } catch (error) {
    problem = (error as Error).message;
  }

  const need = (): Context => {
    if (!ctx) {
      throw new StoreError(
        `the data folder ${active} is not usable (${problem ?? 'not open'}); choose another one in Settings`,
      );
    }
    return ctx;
  };
  const needQueue = (): JobQueue => {
    const context = need();
    if (!context.queue) {
      throw new StoreError(
        context.queueError ?? 'this window does not run jobs (browse-only mode)',
      );
    }
    return context.queue;
  };

  const datasets = createDatasetsService({
    dataDir: () => need().dir.path,
    emit: (payload: DatasetImportProgress) => emit({ name: 'dataset.importProgress', payload }),
  });

  const view = (): SettingsView => ({
    ...saved,
    dataDir: active,
    defaultDataDir: defaults.dataDir,
    settingsFile: options.settingsFile,
    dataDirError: ctx ? null : problem,
  });

  /** Fills input shape and classes from a known dataset, for checks before queueing. */
  async function withDatasetShape(input: RunConfigInput): Promise<RunConfigInput> {
    const config = parseRunConfig(input);
    if (config.input && config.classes) return input;
    const path = config.dataset.path;
    const known =
      path === 'sample'
        ? (await datasets.preview('sample')).dataset
        : (await datasets.list().catch(() => [])).find((d) => d.path === resolve(path));
    if (!known) return input;
    const cifarNet = /^(wrn|resnet)-/.test(config.arch);
    return {
      ...input,
      input:
        config.input ?? (cifarNet ? undefined : `${known.height}x${known.width}x${known.channels}`),
      classes: config.classes ?? known.classes,
    };
  }

  /** The config a new run gets: the settings' backend replaces 'auto'. */
  function withBackend(config: RunConfig): RunConfig {
    return config.backend === 'auto' && saved.backend !== 'auto'
      ? { ...config, backend: saved.backend }
      : config;
  }

  return {
    get dataDirPath() {
      return ctx?.dir.path ?? null;
    },
    get problem() {
      return problem;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      const context = ctx;
      ctx = null;
      problem = 'the app is closing';
      if (context) await closeContext(context);
    },

    async getBackendReport() {
      const probes = await probeBackends();
      const chosen = probes.find((p) => p.available) ?? null;
      return {
        chosen: chosen?.name ?? null,
        why: chosen ? `${chosen.name}: ${chosen.reason}` : 'no backend is available',
        probes: probes.map((p) => ({ ...p })),
      };
    },
    async getVersions() {
      return {
        app: options.appVersion,
        node: process.versions.node,
        electron: process.versions.electron ?? 'n/a',
        chrome: process.versions.chrome ?? 'n/a',
        tfjs: '4.22.0',
      };
    },
    async getSettings() {
      return view();
    },
    async updateSettings(patch) {
      const next: AppSettings = { ...saved, ...patch };
      const target = patch.dataDir ? resolve(patch.dataDir) : null;
      if (target && (target !== active || !ctx)) {
        const running = ctx?.queue?.currentRunId;
        if (running) {
          throw new StoreError(
            `run '${running}' is training in ${active}; stop it before changing the data folder`,
          );
        }
        // Open the new folder first: if it is unusable nothing changes.
        const opened = openContext(target);
        next.dataDir = target;
        try {
          saveSettings(options.settingsFile, next);
        } catch (error) {
          await closeContext(opened);
          throw error;
        }
        const old = ctx;
        ctx = opened;
        active = target;
        problem = opened.queueError;
        progress.clear();
        if (old) await closeContext(old);
      } else {
        if (target) next.dataDir = target;
        else if (options.dataDirOverride === undefined) next.dataDir = saved.dataDir;
        saveSettings(options.settingsFile, next);
      }
      saved = next;
      const settings = view();
      emit({ name: 'settings.changed', payload: settings });
      return settings;
    },

    async listArchitecturePresets() {
      return architecturePresets();
    },
    async listRunPresets() {
      return listPresets().map((name) => ({ name, config: loadPreset(name) }));
    },
    async describeDesign(request) {
      return describeDesign(request);
    },
    async inspect(config): Promise<InspectReportWire> {
      const report = inspectConfig(parseRunConfig(config));
      const budget = report.accounting.requestedBudget;
      return {
        ...report,
        regime: budget === null ? null : budgetRegime(budget, report.unsharedParams),
      };
    },

    listDatasets: () => datasets.list(),
    importDataset: (path, format) => datasets.import(path, format),
    previewDataset: (id) => datasets.preview(id),

    async startRun(input, name) {
      const queue = needQueue();
      const config = withBackend(parseRunConfig(input));
      // A budget below the method's minimum or a design that cannot be built fails here, before
      // anything is queued.
      inspectConfig(parseRunConfig(await withDatasetShape(config)));
      return queue.enqueueTraining(config, { name });
    },
    async startSweep(request) {
      const queue = needQueue();
      const base = withBackend(parseRunConfig(request.base));
      const shaped = parseRunConfig(await withDatasetShape(base));
      // Check every run with the dataset's shape, then queue the configs as the user gave them.
      sweepConfigs({ ...request, base: shaped });
      return sweepConfigs({ ...request, base }).map((run) =>
        queue.enqueueTraining(run.config, { name: run.name }),
      );
    },
    async stopRun(runId) {
      return needQueue().stop(asRunId(runId));
    },
    async resumeRun(runId) {
      needQueue().resume(asRunId(runId));
    },
    async cancelRun(runId) {
      needQueue().cancel(asRunId(runId));
    },
    async listQueue(): Promise<QueueEntryWire[]> {
      const { dir } = need();
      return listJobs(dir.db, ['queued', 'running']).map((job) => {
        const run = requireRun(dir.db, job.runId);
        return {
          jobId: job.id,
          runId: job.runId,
          kind: job.kind,
          status: job.status as 'queued' | 'running',
          position: job.position,
          name: run.name,
          method: run.method,
          arch: run.arch,
          budgetRequested: run.budgetRequested,
          runStatus: run.status,
          createdAt: job.createdAt,
          progress: progress.get(job.runId) ?? null,
        };
      });
    },

    async listRuns(query) {
      return need().runs.list(query as Parameters<RunsService['list']>[0]);
    },
    async listTags() {
      return listAllTags(need().dir.db);
    },
    async getRun(runId, opts) {
      return need().runs.show(asRunId(runId), opts);
    },
    async getSharing(runId) {
      const { dir } = need();
      const id: RunId = asRunId(runId);
      return sharingReport(dir.db, id, dir.runDir(id));
    },
    async tagRun(runId, tags) {
      return need().runs.tag(asRunId(runId), tags);
    },
    async untagRun(runId, tags) {
      return need().runs.untag(asRunId(runId), tags);
    },
    async setRunNote(runId, markdown) {
      need().runs.note(asRunId(runId), markdown);
    },
    async renameRun(runId, name) {
      setName(need().dir.db, asRunId(runId), name.trim());
    },
    async archiveRun(runId) {
      need().runs.archive(asRunId(runId));
    },
    async unarchiveRun(runId) {
      need().runs.unarchive(asRunId(runId));
    },
    async deleteRun(runId) {
      progress.delete(runId);
      return need().runs.remove(asRunId(runId));
    },
    async exportRunsCsv(query): Promise<ExportFileWire> {
      const content = need().runs.exportRunsCsv(
        query as Parameters<RunsService['exportRunsCsv']>[0],
      );
      return { fileName: exportName('npas-runs', 'csv'), mimeType: 'text/csv', content };
    },
    async exportRunJson(runId, opts): Promise<ExportFileWire> {
      const { runs } = need();
      const id = asRunId(runId);
      const part = opts?.part ?? 'run';
      const data =
        part === 'history'
          ? runs.exportRunHistoryJson(id)
          : part === 'config'
            ? runs.exportRunConfigJson(id)
            : runs.exportRunJson(id);
      return {
        fileName: part === 'run' ? `npas-run-${runId}.json` : `npas-run-${runId}-${part}.json`,
        mimeType: 'application/json',
        content: `${JSON.stringify(data, null, 2)}\n`,
      };
    },
    async exportMetricsCsv(runId, opts): Promise<ExportFileWire> {
      const content = need().runs.exportMetricsCsv(asRunId(runId), opts);
      const kind = opts?.steps ? 'steps' : 'epochs';
      return { fileName: `npas-run-${runId}-${kind}.csv`, mimeType: 'text/csv', content };
    },
  };
}
