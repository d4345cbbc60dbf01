// The open data folder of an app service, with its runs service and job queue: opened at start
// (from the settings, or the session's override), switched when the settings name another
// folder (the new one opened first, so an unusable folder changes nothing), closed at the end.
// It also keeps the latest progress of each running job for the queue view.
import type { RunProgressWire } from '../../contract/wire';
import { StoreError } from '../../store';
import { openDataDir, type DataDir } from '../dataDir';
import type { EngineHost } from '../jobs/engineHost';
import { JobQueue } from '../jobs/jobQueue';
import { createRunsService, type RunsService } from '../runs';
import type { EventHub } from './eventHub';
import { FORWARDED_QUEUE_EVENTS, finishedToWire, queueEnvelope } from './wireEvents';

/** An open data folder with its services. */
export interface FolderContext {
  dir: DataDir;
  runs: RunsService;
  queue: JobQueue | null;
  /** Why the queue could not start (another process holds it), or null. */
  queueError: string | null;
}

export interface SessionOptions {
  /** better_sqlite3.node built for this runtime (the Electron app passes its own). */
  nativeBinding?: string;
  /** Runs the job queue (default true); false gives a browse-only service. */
  runQueue?: boolean;
  /** Engine host factory (tests inject workers). */
  createHost?: () => EngineHost;
  /** Progress tick of the queue, in ms. */
  tickMs?: number;
}

export interface DataFolderSession {
  /** The folder in use (open or not). */
  readonly active: string;
  /** The open folder, or null when it could not be opened. */
  readonly context: FolderContext | null;
  /** Why the folder or its queue is unusable, or null. */
  readonly problem: string | null;
  /** Latest progress per running run. */
  readonly progress: Map<string, RunProgressWire>;
  /** The open folder; throws StoreError naming the folder when there is none. */
  need(): FolderContext;
  /** The open folder's queue; throws when it has none (browse-only, or held elsewhere). */
  needQueue(): JobQueue;
  /** Opens `path`, then runs `commit` (e.g. saving the settings); on success, swaps folders. */
  switchTo(path: string, commit: () => void): Promise<void>;
  close(): Promise<void>;
}

export function createDataFolderSession(
  path: string,
  initialProblem: string | null,
  options: SessionOptions,
  events: EventHub,
): DataFolderSession {
  const progress = new Map<string, RunProgressWire>();
  let active = path;
  let context: FolderContext | null = null;
  let problem = initialProblem;

  function open(folder: string): FolderContext {
    const dir = openDataDir(folder, { nativeBinding: options.nativeBinding });
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
        events.emit(queueEnvelope(name, payload));
      });
    }
    queue.on('run.finished', (finished) => {
      progress.delete(finished.runId);
      events.emit({ name: 'run.finished', payload: finishedToWire(finished) });
    });
    try {
      queue.start();
      return { dir, runs, queue, queueError: null };
    } catch (error) {
      // Another process (a CLI run, a second app) holds this folder's queue: browse, don't train.
      return { dir, runs, queue: null, queueError: (error as Error).message };
    }
  }

  async function closeContext(opened: FolderContext): Promise<void> {
    try {
      await opened.queue?.close();
    } finally {
      opened.dir.close();
    }
  }

  try {
    context = open(active);
    problem = context.queueError ?? problem;
  } catch (error) {
    problem = (error as Error).message;
  }

  const session: DataFolderSession = {
    get active() {
      return active;
    },
    get context() {
      return context;
    },
    get problem() {
      return problem;
    },
    progress,
    need() {
      if (!context) {
        throw new StoreError(
          `the data folder ${active} is not usable (${problem ?? 'not open'}); choose another one in Settings`,
        );
      }
      return context;
    },
    needQueue() {
      const opened = session.need();
      if (!opened.queue) {
        throw new StoreError(
          opened.queueError ?? 'this window does not run jobs (browse-only mode)',
        );
      }
      return opened.queue;
    },
    async switchTo(target, commit) {
      const running = context?.queue?.currentRunId;
      if (running) {
        throw new StoreError(
          `run '${running}' is training in ${active}; stop it before changing the data folder`,
        );
      }
      // Open the new folder first: if it is unusable nothing changes.
      const opened = open(target);
      try {
        commit();
      } catch (error) {
        await closeContext(opened);
        throw error;
      }
      const old = context;
      context = opened;
      active = target;
      problem = opened.queueError;
      progress.clear();
      if (old) await closeContext(old);
    },
    async close() {
      const opened = context;
      context = null;
      problem = 'the app is closing';
      if (opened) await closeContext(opened);
    },
  };
  return session;
}
