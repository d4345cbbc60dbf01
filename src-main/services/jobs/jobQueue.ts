// The job queue (issue #5, Jobs; ARCHITECTURE.md "One trainer thread", "One writer"): a queue
// persisted in the store's jobs table feeding ONE engine worker. It owns the run state machine
// while jobs run: queued → running → (stopping →) completed | stopped | failed, and at start
// marks runs a crash left running as interrupted before continuing the queued jobs. A failed or
// crashed job (worker exception, out of memory) fails its run with the error text and the queue
// moves on, with a fresh worker when the old one died or failed unexpectedly.
import { mkdirSync } from 'node:fs';
import { parseRunConfig, type RunConfig } from '../../contract/config';
import { toWireError, type WireError } from '../../contract/errors';
import type { BackendChoice, BackendReport } from '../../engine/backend/ladder';
import type { WorkerMessage } from '../../engine/protocol';
import type { TrainResult } from '../../engine/train/trainer';
import {
  deleteMetricsAfter,
  enqueueJob,
  getMetricHistory,
  insertRun,
  listJobs,
  markJob,
  markRunningAsInterrupted,
  nextQueuedJob,
  requireRun,
  StoreError,
  updateRunStatus,
  updateRunSummary,
  writeTransaction,
  type JobRow,
  type RunId,
  type WritableDb,
  type RunStatus,
} from '../../store';
import type { DataDir } from '../dataDir';
import { backendChoice } from '../backendChoice';
import { newRunOf } from '../runs/newRunOf';
import { createEngineHost, type EngineHost } from './engineHost';
import { JobEvents, type JobEventMap } from './events';
import { JobRecorder } from './jobRecorder';
import { acquireQueueLock, type QueueLock } from './queueLock';
import { removeStaleTemporaries } from './removeStaleTemporaries';
import { keepMetricsThrough, planResume, type ResumePlan } from './resumePlan';
import { summaryFromEpochs } from './runSummary';

export interface JobQueueOptions {
  dataDir: DataDir;
  /** Makes the engine host; tests inject failing workers. Called again after a crash. */
  createHost?: () => EngineHost;
  /** How often progress is written and pushed, in ms (one transaction per tick). */
  tickMs?: number;
}

export interface EnqueueOptions {
  /** Shown in the runs list; defaults to the config's name or "<arch> <method>". */
  name?: string;
}

type Finished = JobEventMap['run.finished'];

interface ActiveJob {
  job: JobRow;
  config: RunConfig;
  recorder: JobRecorder;
}

/**
 * Drops what the interrupted attempt logged beyond the point a resume continues from. Only the
 * main phase is pruned from a main checkpoint: a finished search phase's rows stay, and a search
 * that resumes rewrites its own rows as it goes.
 */
function pruneMetrics(db: WritableDb, runId: RunId, plan: ResumePlan): void {
  if (plan.from === 'start') deleteMetricsAfter(db, runId, -1);
  else if (plan.from === 'checkpoint')
    deleteMetricsAfter(db, runId, keepMetricsThrough(plan), 'main');
}

export class JobQueue {
  readonly events = new JobEvents();
  readonly #dir: DataDir;
  readonly #createHost: () => EngineHost;
  readonly #tickMs: number;
  #lock: QueueLock | null = null;
  #host: EngineHost | null = null;
  #hostClosing: Promise<void> | null = null;
  #active: ActiveJob | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  /** Set when the database refuses to record a failure: starting more jobs would loop. */
  #halted = false;
  /** How each run last finished in this process (waitForRun may subscribe after the fact). */
  readonly #finished = new Map<RunId, Finished>();

  constructor(options: JobQueueOptions) {
    this.events.on('run.finished', (finished) => this.#finished.set(finished.runId, finished));
    this.events.on('run.status', ({ runId, status }) => {
      if (status === 'queued') this.#finished.delete(runId);
    });
    this.#dir = options.dataDir;
    this.#createHost = options.createHost ?? (() => createEngineHost());
    this.#tickMs = options.tickMs ?? 250;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof JobEventMap>(name: K, listener: (payload: JobEventMap[K]) => void) {
    return this.events.on(name, listener);
  }

  /**
   * Takes the data folder's queue (one process runs jobs), recovers from a crash (running runs
   * become interrupted) and starts the queued jobs. Returns the interrupted runs.
   */
  start(): RunId[] {
    if (this.#lock) return [];
    this.#lock = acquireQueueLock(this.#dir.path);
    const interrupted = markRunningAsInterrupted(this.#dir.db);
    for (const runId of interrupted) {
      this.events.emit('run.status', { runId, status: 'interrupted', error: null });
    }
    this.#pump();
    return interrupted;
  }

  /** The run being trained now, if any. */
  get currentRunId(): RunId | null {
    return this.#active?.job.runId ?? null;
  }

  /**
   * Validates `input` as a run config and queues a new run for it; returns its id. A config
   * that fails validation throws ConfigError and creates nothing.
   */
  enqueueTraining(input: unknown, options: EnqueueOptions = {}): RunId {
    this.#assertOpen();
    const config = parseRunConfig(input);
    const db = this.#dir.db;
    const run = writeTransaction(db, () => {
      const row = insertRun(db, newRunOf(config, options.name));
      enqueueJob(db, { runId: row.id, kind: 'train' });
      return row;
    });
    this.events.emit('run.status', { runId: run.id, status: 'queued', error: null });
    this.#pump();
    return run.id;
  }

  /**
   * Queues a stopped, interrupted or failed run to continue from its last checkpoint. A missing
   * or damaged checkpoint throws CheckpointError and leaves the run unchanged.
   */
  resume(runId: RunId): void {
    this.#assertOpen();
    const db = this.#dir.db;
    const run = requireRun(db, runId);
    if (!['stopped', 'interrupted', 'failed'].includes(run.status)) {
      throw new StoreError(
        `run '${runId}' is ${run.status}; only stopped, interrupted or failed runs can be resumed`,
      );
    }
    planResume(db, runId, this.#dir.runDir(runId), this.#dir.path);
    writeTransaction(db, () => {
      updateRunStatus(db, runId, 'queued');
      enqueueJob(db, { runId, kind: 'resume' });
    });
    this.events.emit('run.status', { runId, status: 'queued', error: null });
    this.#pump();
  }

  /**
   * Stops a run: a running one finishes its current step, checkpoints and ends 'stopped' (it
   * is 'stopping' until then); a queued one is cancelled. Returns the status it has now.
   */
  stop(runId: RunId): RunStatus {
    const db = this.#dir.db;
    const run = requireRun(db, runId);
    if (run.status === 'queued') {
      this.cancel(runId);
      return 'stopped';
    }
    const active = this.#active;
    if (active?.job.runId === runId && (run.status === 'running' || run.status === 'stopping')) {
      if (run.status === 'running') {
        updateRunStatus(db, runId, 'stopping');
        this.events.emit('run.status', { runId, status: 'stopping', error: null });
      }
      this.#host?.stop(String(active.job.id));
      return 'stopping';
    }
    if (run.status === 'running' || run.status === 'stopping') {
      throw new StoreError(
        `run '${runId}' is ${run.status} in another process; stop it there (this process is ` +
          'not running it)',
      );
    }
    throw new StoreError(
      `run '${runId}' is ${run.status}; only queued or running runs can be stopped`,
    );
  }

  /** Removes a queued run's job from the queue; the run becomes 'stopped' (resumable). */
  cancel(runId: RunId): void {
    const db = this.#dir.db;
    const job = listJobs(db, ['queued']).find((row) => row.runId === runId);
    if (!job) {
      const { status } = requireRun(db, runId);
      throw new StoreError(`run '${runId}' is ${status}, not queued; nothing to cancel`);
    }
    writeTransaction(db, () => {
      markJob(db, job.id, 'cancelled');
      updateRunStatus(db, runId, 'stopped');
    });
    this.events.emit('run.status', { runId, status: 'stopped', error: null });
  }

  /**
   * Resolves when run `runId` finishes (completed, stopped or failed). A run that already ended
   * (and is not queued again) resolves at once from its stored status.
   */
  waitForRun(runId: RunId): Promise<Finished> {
    return new Promise((resolve) => {
      const off = this.on('run.finished', (finished) => {
        if (finished.runId !== runId) return;
        off();
        resolve(finished);
      });
      const run = requireRun(this.#dir.db, runId);
      const recent = this.#finished.get(runId);
      if (recent && recent.status === run.status) {
        off();
        resolve(recent);
        return;
      }
      if (run.status === 'completed' || run.status === 'stopped' || run.status === 'failed') {
        off();
        const error = run.error
          ? { name: 'Error', kind: 'internal' as const, message: run.error }
          : null;
        resolve({ runId, status: run.status, result: null, error });
      }
    });
  }

  /** Resolves when nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (!this.#active && !nextQueuedJob(this.#dir.db)) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.on('queue.idle', () => {
        off();
        resolve();
      });
    });
  }

  /**
   * Stops the running job (it checkpoints and ends 'stopped'), ends the worker and releases the
   * queue. Queued jobs stay queued for the next start.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const active = this.#active;
    if (active) {
      const finished = this.waitForRun(active.job.runId);
      const { status } = requireRun(this.#dir.db, active.job.runId);
      if (status === 'running' || status === 'stopping') this.stop(active.job.runId);
      await finished;
    }
    await this.#hostClosing;
    await this.#host?.close();
    this.#host = null;
    this.#lock?.release();
    this.#lock = null;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError('the job queue is closed');
  }

  /** Starts the next queued job when the worker is free. */
  #pump(): void {
    if (!this.#lock || this.#closed || this.#halted || this.#active || this.#hostClosing) return;
    const db = this.#dir.db;
    const job = nextQueuedJob(db);
    if (!job) {
      this.events.emit('queue.idle', {});
      return;
    }
    try {
      this.#startJob(job);
    } catch (error) {
      this.#failUnstarted(job, error);
      this.#pump();
    }
  }

  #startJob(job: JobRow): void {
    const db = this.#dir.db;
    const runId = job.runId;
    const run = requireRun(db, runId);
    const config = parseRunConfig(JSON.parse(run.config), `run '${runId}' config`);
    const checkpointDir = this.#dir.runDir(runId);
    mkdirSync(checkpointDir, { recursive: true });
    removeStaleTemporaries(checkpointDir);
    const plan: ResumePlan =
      job.kind === 'resume'
        ? planResume(db, runId, checkpointDir, this.#dir.path)
        : { from: 'start' };
    const history = getMetricHistory(db, runId, { steps: false }).epochs;
    writeTransaction(db, () => {
      if (job.kind === 'resume') pruneMetrics(db, runId, plan);
      markJob(db, job.id, 'running');
      updateRunStatus(db, runId, 'running');
    });
    // The main-phase epochs the checkpoint's history holds; the summary continues from them.
    const epochs = history.filter(
      (row) => row.phase === 'main' && plan.from === 'checkpoint' && row.epoch < plan.epoch,
    );
    updateRunSummary(db, runId, { ...summaryFromEpochs(epochs), phase: null });
    const recorder = new JobRecorder(
      db,
      this.#dir.path,
      this.events,
      runId,
      String(job.id),
      epochs,
    );
    this.#active = { job, config, recorder };
    this.events.emit('run.status', { runId, status: 'running', error: null });
    this.#timer = setInterval(() => this.#tick(), this.#tickMs);
    this.#ensureHost().start({
      jobId: String(job.id),
      runId,
      config,
      backend: backendChoice(config),
      checkpointDir,
      resume: plan.from === 'checkpoint',
    });
  }

  /** Which backend the engine worker uses for `choice`, and why (asks the worker). */
  backendReport(choice: BackendChoice): Promise<BackendReport> {
    return this.#ensureHost().backendReport(choice);
  }

  #ensureHost(): EngineHost {
    if (this.#host?.alive) return this.#host;
    const host = this.#createHost();
    host.onMessage((message) => this.#onMessage(host, message));
    this.#host = host;
    return host;
  }

  #onMessage(host: EngineHost, message: WorkerMessage): void {
    // Backend reports are answered to whoever asked the host (backendReport), not to jobs.
    if (
      message.type === 'ready' ||
      message.type === 'backendReport' ||
      message.type === 'backendReportFailed'
    ) {
      return;
    }
    if (message.type === 'log') {
      this.events.emit('engine.log', {
        runId: null,
        level: message.level,
        message: message.message,
      });
      return;
    }
    const active = this.#active;
    if (!active || message.jobId !== String(active.job.id)) return;
    try {
      switch (message.type) {
        case 'started':
          active.recorder.started(
            message.environment,
            message.accounting,
            active.config.seed,
            message.notes,
          );
          return;
        case 'event':
          active.recorder.event(message.event);
          return;
        case 'done':
          this.#finish(active, message.result.status, message.result, null);
          return;
        case 'failed':
          // An unexpected error may leave the engine in a bad state (a wasm heap that ran out):
          // the next job gets a fresh worker (recycling first holds the queue until it is up).
          if (message.error.kind === 'internal' && host.alive) this.#recycle(host);
          this.#finish(active, 'failed', null, message.error);
          return;
      }
    } catch (error) {
      this.#storeFailed(active, error);
    }
  }

  #tick(): void {
    const active = this.#active;
    if (!active) return;
    try {
      active.recorder.tick();
    } catch (error) {
      this.#storeFailed(active, error);
    }
  }

  /**
   * The database refused a write while a job ran (disk full, file removed): report it and stop
   * the job so it checkpoints; its rows stay buffered and are retried when it finishes.
   */
  #storeFailed(active: ActiveJob, error: unknown): void {
    this.events.emit('queue.error', { runId: active.job.runId, error: toWireError(error) });
    this.#host?.stop(String(active.job.id));
  }

  #finish(
    active: ActiveJob,
    status: Finished['status'],
    result: TrainResult | null,
    error: WireError | null,
  ) {
    const db = this.#dir.db;
    const runId = active.job.runId;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#active = null;
    let storeError: unknown = null;
    try {
      active.recorder.flush();
    } catch (flushError) {
      storeError = flushError;
    }
    const text = error ? error.message : null;
    try {
      writeTransaction(db, () => {
        updateRunStatus(db, runId, status, { error: text });
        markJob(db, active.job.id, status === 'failed' ? 'failed' : 'done', text ?? undefined);
      });
    } catch (statusError) {
      storeError ??= statusError;
    }
    if (storeError) this.events.emit('queue.error', { runId, error: toWireError(storeError) });
    this.events.emit('run.status', { runId, status, error: text });
    this.events.emit('run.finished', { runId, status, result, error });
    this.#pump();
  }

  /** Fails a job that could not even be sent to the engine (bad stored config, bad checkpoint). */
  #failUnstarted(job: JobRow, error: unknown): void {
    const db = this.#dir.db;
    const wire = toWireError(error);
    try {
      writeTransaction(db, () => {
        const { status } = requireRun(db, job.runId);
        if (status === 'queued') updateRunStatus(db, job.runId, 'running');
        updateRunStatus(db, job.runId, 'failed', { error: wire.message });
        const current = listJobs(db).find((row) => row.id === job.id);
        if (current?.status === 'queued') markJob(db, job.id, 'running');
        markJob(db, job.id, 'failed', wire.message);
      });
    } catch (storeError) {
      // The database itself refuses: stop here rather than retry the same job forever.
      this.#halted = true;
      this.events.emit('queue.error', { runId: job.runId, error: toWireError(storeError) });
      return;
    }
    this.events.emit('run.status', { runId: job.runId, status: 'failed', error: wire.message });
    this.events.emit('run.finished', {
      runId: job.runId,
      status: 'failed',
      result: null,
      error: wire,
    });
  }

  #recycle(host: EngineHost): void {
    this.#hostClosing = host
      .close()
      .catch((error: unknown) => {
        this.events.emit('queue.error', { runId: null, error: toWireError(error) });
      })
      .finally(() => {
        if (this.#host === host) this.#host = null;
        this.#hostClosing = null;
        this.#pump();
      });
  }
}
