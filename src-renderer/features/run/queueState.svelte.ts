// The run queue view's state: queued and running jobs (listQueue), kept fresh by run.status and
// queue.idle pushes, with the running job's latest progress patched in from run.progress.
import { createContext } from 'svelte';
import type { QueueEntryWire } from '../../../src-main/contract/appApi';
import type { AppClient } from '../../lib/api';
import type { ToastState } from '../../lib/state/toasts.svelte';

export class QueueState {
  readonly #api: AppClient;
  readonly #toasts: ToastState | null;
  #entries = $state.raw<QueueEntryWire[]>([]);
  #loaded = $state(false);
  #refreshing: Promise<void> | null = null;
  #again = false;

  readonly running = $derived(this.#entries.find((e) => e.status === 'running') ?? null);
  readonly queuedCount = $derived(this.#entries.filter((e) => e.status === 'queued').length);

  constructor(api: AppClient, toasts: ToastState | null = null) {
    this.#api = api;
    this.#toasts = toasts;
  }

  get entries(): readonly QueueEntryWire[] {
    return this.#entries;
  }
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Re-reads the queue; calls made while one is in flight collapse into one more read. */
  refresh = (): Promise<void> => {
    if (this.#refreshing) {
      this.#again = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      try {
        do {
          this.#again = false;
          this.#entries = await this.#api.listQueue();
          this.#loaded = true;
        } while (this.#again);
      } catch (error) {
        this.#toasts?.error(error, 'listQueue');
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  };

  /** Subscribes to queue events; call from a component's setup or inside $effect.root. */
  track = (): void => {
    $effect(() => {
      void this.refresh();
      const offs = [
        this.#api.on('run.status', () => void this.refresh()),
        this.#api.on('queue.idle', () => void this.refresh()),
        this.#api.on('run.progress', (progress) => {
          const i = this.#entries.findIndex((e) => e.runId === progress.runId);
          if (i < 0) return;
          const next = [...this.#entries];
          next[i] = { ...next[i], progress };
          this.#entries = next;
        }),
      ];
      return () => offs.forEach((off) => off());
    });
  };

  /** Cancels a queued run or stops a running one (it checkpoints first). */
  cancel = async (entry: QueueEntryWire): Promise<void> => {
    try {
      if (entry.status === 'queued') await this.#api.cancelRun(entry.runId);
      else await this.#api.stopRun(entry.runId);
    } catch (error) {
      this.#toasts?.error(error, entry.status === 'queued' ? 'cancelRun' : 'stopRun');
    }
    await this.refresh();
  };
}

export const [getQueue, setQueue] = createContext<QueueState>();
