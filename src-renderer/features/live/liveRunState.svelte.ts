// The live-run screen's state: one run's curves (per-step samples and per-epoch results) growing by
// push (run.progress, run.epoch), its phase, position, speed and ETA, where it trains and why
// (run.started), and Stop/Resume. Curves are in $state.raw series whose arrays grow in place and
// whose wrapper is replaced on each append, so a chart redraws without copying 50,000 points.
import { createContext } from 'svelte';
import type {
  EpochRecordWire,
  MetricHistoryWire,
  PhaseWire,
  RunEnvironmentWire,
  RunIdWire,
  RunProgressWire,
  RunStatusWire,
  RunViewWire,
} from '../../../src-main/contract/appApi';
import type { AppClient } from '../../lib/api';
import type { ToastState } from '../../lib/state/toasts.svelte';
import { bestTop1, type BestTop1 } from './liveView';

/** Per-step samples: x is in epochs (fractional), search epochs first. */
export interface StepSeries {
  x: number[];
  loss: number[];
  accuracy: number[];
  /** The learning rate of each step (null where a stored row lacks it). */
  lr: (number | null)[];
}

/** Per-epoch results at x = end of that epoch; null where a value is missing. */
export interface EpochSeries {
  x: number[];
  trainLoss: (number | null)[];
  trainAccuracy: (number | null)[];
  valLoss: (number | null)[];
  valAccuracy: (number | null)[];
  testAccuracy: (number | null)[];
}

const emptySteps = (): StepSeries => ({ x: [], loss: [], accuracy: [], lr: [] });
const emptyEpochs = (): EpochSeries => ({
  x: [],
  trainLoss: [],
  trainAccuracy: [],
  valLoss: [],
  valAccuracy: [],
  testAccuracy: [],
});

/**
 * Appends one point to parallel arrays keyed by `x`, first dropping points at or after `x`: a
 * resumed run restarts from its checkpoint, and its curve continues from there without a fold.
 */
export function appendPoint<T extends { x: number[] }>(
  series: T,
  x: number,
  values: { [K in Exclude<keyof T, 'x'>]: T[K] extends (infer V)[] ? V : never },
): void {
  const columns = series as unknown as Record<string, unknown[]>;
  while (series.x.length > 0 && series.x[series.x.length - 1] >= x) {
    for (const key of Object.keys(columns)) columns[key].pop();
  }
  series.x.push(x);
  for (const [key, value] of Object.entries(values)) columns[key].push(value);
}

const STOPPABLE: readonly RunStatusWire[] = ['queued', 'running'];
const RESUMABLE: readonly RunStatusWire[] = ['stopped', 'interrupted', 'failed'];

export class LiveRunState {
  readonly #api: AppClient;
  readonly #toasts: ToastState | null;
  #runId = $state<RunIdWire | null>(null);
  #run = $state.raw<RunViewWire | null>(null);
  #status = $state<RunStatusWire | null>(null);
  #statusError = $state<string | null>(null);
  #environment = $state.raw<RunEnvironmentWire | null>(null);
  #notes = $state.raw<string[]>([]);
  #progress = $state.raw<RunProgressWire | null>(null);
  #steps = $state.raw<StepSeries>(emptySteps());
  #epochs = $state.raw<EpochSeries>(emptyEpochs());
  #searchEpochs = 0;
  #pending = $state(false);

  readonly canStop = $derived(this.#status !== null && STOPPABLE.includes(this.#status));
  readonly canResume = $derived(this.#status !== null && RESUMABLE.includes(this.#status));
  readonly phase = $derived<PhaseWire | null>(this.#progress?.phase ?? null);
  /** Best validation top-1 so far and the test top-1 of that epoch. */
  readonly best = $derived<BestTop1>(bestTop1(this.#epochs.valAccuracy, this.#epochs.testAccuracy));
  /** "epoch / epochs": from the latest push, else from the stored run (a finished run). */
  readonly epochLabel = $derived.by((): string | null => {
    const p = this.#progress;
    if (p) return `${p.epoch + 1} / ${p.epochs}`;
    const run = this.#run;
    if (!run) return null;
    const training = run.config.training as { epochs?: unknown } | undefined;
    const epochs = typeof training?.epochs === 'number' ? training.epochs : null;
    return epochs === null ? String(run.epochsDone) : `${run.epochsDone} / ${epochs}`;
  });

  constructor(api: AppClient, toasts: ToastState | null = null) {
    this.#api = api;
    this.#toasts = toasts;
  }

  get runId(): RunIdWire | null {
    return this.#runId;
  }
  get run(): RunViewWire | null {
    return this.#run;
  }
  get status(): RunStatusWire | null {
    return this.#status;
  }
  get statusError(): string | null {
    return this.#statusError;
  }
  get environment(): RunEnvironmentWire | null {
    return this.#environment;
  }
  get notes(): readonly string[] {
    return this.#notes;
  }
  get progress(): RunProgressWire | null {
    return this.#progress;
  }
  get steps(): StepSeries {
    return this.#steps;
  }
  get epochs(): EpochSeries {
    return this.#epochs;
  }
  /** A Stop or Resume request is in flight. */
  get pending(): boolean {
    return this.#pending;
  }

  /** Shows `runId`: loads its details and history, then follows its pushes. */
  open = async (runId: RunIdWire | null): Promise<void> => {
    if (runId === this.#runId) return;
    this.#runId = runId;
    this.#reset();
    if (!runId) return;
    try {
      const details = await this.#api.getRun(runId, { steps: true });
      if (this.#runId !== runId) return; // another run was opened meanwhile
      this.#run = details.run;
      this.#status = details.run.status;
      this.#statusError = details.run.error;
      this.#environment = environmentOf(details.run.environment);
      this.#loadHistory(details.metrics);
    } catch (error) {
      this.#toasts?.error(error, 'getRun');
    }
  };

  /** Subscribes to the run events; call from a component's setup or inside $effect.root. */
  track = (): void => {
    $effect(() => {
      const offs = [
        this.#api.on('run.progress', (p) => p.runId === this.#runId && this.addProgress(p)),
        this.#api.on('run.epoch', (e) => e.runId === this.#runId && this.addEpoch(e.record)),
        this.#api.on('run.status', (s) => {
          if (s.runId !== this.#runId) return;
          this.#status = s.status;
          this.#statusError = s.error;
        }),
        this.#api.on('run.started', (s) => {
          if (s.runId !== this.#runId) return;
          this.#environment = s.environment;
          this.#notes = s.notes;
        }),
      ];
      return () => offs.forEach((off) => off());
    });
  };

  /** x position (epochs, search first) of a point `fraction` through 0-based `epoch`. */
  #x(phase: PhaseWire, epoch: number, fraction: number): number {
    return (phase === 'search' ? 0 : this.#searchEpochs) + epoch + fraction;
  }

  addProgress = (p: RunProgressWire): void => {
    if (p.phase === 'search') this.#searchEpochs = Math.max(this.#searchEpochs, p.epochs);
    this.#progress = p;
    if (!this.#status || this.#status === 'queued') this.#status = 'running';
    const fraction = p.steps > 0 ? (p.step + 1) / p.steps : 1;
    appendPoint(this.#steps, this.#x(p.phase, p.epoch, fraction), {
      loss: p.loss,
      accuracy: p.accuracy,
      lr: p.lr,
    });
    this.#steps = { ...this.#steps };
  };

  addEpoch = (record: EpochRecordWire): void => {
    appendPoint(this.#epochs, this.#x(record.phase, record.epoch, 1), {
      trainLoss: record.train.loss,
      trainAccuracy: record.train.accuracy,
      valLoss: record.validation?.loss ?? null,
      valAccuracy: record.validation?.top1 ?? null,
      testAccuracy: record.test?.top1 ?? null,
    });
    this.#epochs = { ...this.#epochs };
  };

  stop = async (): Promise<void> => {
    if (!this.#runId) return;
    this.#pending = true;
    try {
      const before = this.#status;
      const status = await this.#api.stopRun(this.#runId);
      // The 'run.status' event may beat the reply ('stopped' before 'stopping'): keep the newer.
      if (this.#status === before) this.#status = status;
    } catch (error) {
      this.#toasts?.error(error, 'stopRun');
    } finally {
      this.#pending = false;
    }
  };

  resume = async (): Promise<void> => {
    if (!this.#runId) return;
    this.#pending = true;
    try {
      const before = this.#status;
      await this.#api.resumeRun(this.#runId);
      // As in stop(): a pushed 'running' that arrived first must not be set back to 'queued'.
      if (this.#status === before) {
        this.#status = 'queued';
        this.#statusError = null;
      }
    } catch (error) {
      this.#toasts?.error(error, 'resumeRun');
    } finally {
      this.#pending = false;
    }
  };

  #reset(): void {
    this.#run = null;
    this.#status = null;
    this.#statusError = null;
    this.#environment = null;
    this.#notes = [];
    this.#progress = null;
    this.#steps = emptySteps();
    this.#epochs = emptyEpochs();
    this.#searchEpochs = 0;
  }

  #loadHistory(metrics: MetricHistoryWire): void {
    const searchEpochs = metrics.epochs.filter((e) => e.phase === 'search').length;
    const stepsPerEpoch: Record<string, number> = {};
    for (const s of metrics.steps) {
      const key = `${s.phase}:${s.epoch}`;
      stepsPerEpoch[key] = Math.max(stepsPerEpoch[key] ?? 0, s.step + 1);
    }
    this.#searchEpochs = Math.max(this.#searchEpochs, searchEpochs);
    const steps = emptySteps();
    for (const s of metrics.steps) {
      if (s.loss === null || s.accuracy === null) continue;
      const total = stepsPerEpoch[`${s.phase}:${s.epoch}`] ?? 1;
      appendPoint(steps, this.#x(s.phase as PhaseWire, s.epoch, (s.step + 1) / total), {
        loss: s.loss,
        accuracy: s.accuracy,
        lr: s.lr,
      });
    }
    const epochs = emptyEpochs();
    for (const e of metrics.epochs) {
      appendPoint(epochs, this.#x(e.phase as PhaseWire, e.epoch, 1), {
        trainLoss: e.trainLoss,
        trainAccuracy: e.trainAccuracy,
        valLoss: e.valLoss,
        valAccuracy: e.valTop1,
        testAccuracy: e.testTop1,
      });
    }
    // Pushes that arrived while the history loaded are newer: keep them after it.
    for (let i = 0; i < this.#steps.x.length; i++) {
      appendPoint(steps, this.#steps.x[i], {
        loss: this.#steps.loss[i],
        accuracy: this.#steps.accuracy[i],
        lr: this.#steps.lr[i],
      });
    }
    this.#steps = steps;
    this.#epochs = epochs;
  }
}

/** The run view's environment object as the wire type, when it has the fields. */
function environmentOf(env: Record<string, unknown>): RunEnvironmentWire | null {
  if (typeof env.backend !== 'string') return null;
  return {
    backend: env.backend,
    device: env.device === 'gpu' ? 'gpu' : 'cpu',
    backendWhy: typeof env.backendWhy === 'string' ? env.backendWhy : '',
    versions: (env.versions as Record<string, string>) ?? {},
  };
}

export const [getLiveRun, setLiveRun] = createContext<LiveRunState>();
