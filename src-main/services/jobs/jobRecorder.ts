// Records one running job: turns the engine's messages into store writes (environment and
// sharing groups when the model exists, metric rows and summary columns batched per tick,
// checkpoint files) and subscriber events. Epoch ends and checkpoints are written at once, so
// what a crash can lose is at most one tick of step rows.
import { statSync } from 'node:fs';
import type { Accounting } from '../../engine/npas/provider';
import type { RunEnvironment } from '../../engine/protocol';
import type { StepEvent, TrainEvent } from '../../engine/train/events';
import {
  setGroups,
  toStoredPath,
  updateRunSummary,
  writeTransaction,
  type EpochMetricsInput,
  type GroupAssignment,
  type RunId,
  type WritableDb,
} from '../../store';
import type { JobEvents } from './events';
import { epochRow, ProgressBuffer, stepRow } from './progressBuffer';
import { summaryFromEpochs } from './runSummary';

/** The accounting's layers as the store's 'main' groups; an unshared layer is its own group. */
export function groupsFromAccounting(accounting: Accounting): GroupAssignment[] {
  return accounting.layers.map((layer) => ({
    layerId: layer.id,
    layerName: layer.name,
    groupId: layer.group ?? layer.id,
    detail: { shape: layer.shape, params: layer.params, ...layer.detail },
  }));
}

type EpochSummaryRow = Parameters<typeof summaryFromEpochs>[0][number];

export class JobRecorder {
  readonly #buffer = new ProgressBuffer();
  readonly #epochs: EpochSummaryRow[];
  #latestStep: StepEvent | null = null;

  /**
   * `epochs`: the run's stored epoch rows that stay valid (a resumed run's earlier epochs);
   * `dataFolder`: the data folder, which recorded file paths are relative to.
   */
  constructor(
    private readonly db: WritableDb,
    private readonly dataFolder: string,
    private readonly events: JobEvents,
    readonly runId: RunId,
    readonly jobId: string,
    epochs: readonly EpochSummaryRow[],
  ) {
    this.#epochs = [...epochs];
  }

  /** The model exists: store where it runs and how its parameters are shared. */
  started(environment: RunEnvironment, accounting: Accounting, seed: number, notes: string[]) {
    writeTransaction(this.db, () => {
      updateRunSummary(this.db, this.runId, {
        environment: { ...environment, seed },
        budgetParams: accounting.budgetParams,
        trainableParams: accounting.trainableParams,
        unsharedParams: accounting.unsharedParams,
      });
      setGroups(this.db, this.runId, 'main', groupsFromAccounting(accounting));
    });
    this.events.emit('run.started', {
      runId: this.runId,
      environment,
      budgetParams: accounting.budgetParams,
      trainableParams: accounting.trainableParams,
      unsharedParams: accounting.unsharedParams,
      notes,
    });
  }

  /** One trainer event. */
  event(event: TrainEvent): void {
    const runId = this.runId;
    switch (event.type) {
      case 'step':
        this.#buffer.addStep(stepRow(runId, event));
        this.#latestStep = event;
        break;
      case 'epoch': {
        const row = epochRow(runId, event);
        // The run's summary describes its main phase; a search phase's model is not the run's.
        if (event.phase === 'main') this.#addEpoch(row);
        this.#buffer.addEpoch(row);
        this.#buffer.patch(runId, { ...summaryFromEpochs(this.#epochs), phase: event.phase });
        this.flush();
        break;
      }
      case 'checkpoint':
        this.#buffer.addFile({
          runId,
          kind: 'checkpoint',
          path: toStoredPath(this.dataFolder, event.path),
          bytes: sizeOf(event.path),
        });
        this.flush();
        break;
      case 'phase':
        this.#buffer.patch(runId, { phase: event.phase });
        break;
      case 'log':
        this.events.emit('engine.log', { runId, level: event.level, message: event.message });
        break;
    }
    this.events.emit('run.event', { runId, event });
    if (event.type === 'epoch') {
      const { epochs: _epochs, type: _type, ...record } = event;
      this.events.emit('run.epoch', { runId, record });
    }
  }

  /** The tick: write what accumulated and push the latest progress. */
  tick(): void {
    this.flush();
    const step = this.#latestStep;
    if (!step) return;
    this.#latestStep = null;
    const { type: _type, ...progress } = step;
    this.events.emit('run.progress', { runId: this.runId, ...progress });
  }

  /** Writes pending rows now (one transaction); throws if the database refuses. */
  flush(): void {
    this.#buffer.flush(this.db);
  }

  #addEpoch(row: EpochMetricsInput): void {
    const summaryRow: EpochSummaryRow = {
      epoch: row.epoch,
      seconds: row.seconds ?? null,
      imagesPerSecond: row.imagesPerSecond ?? null,
      trainLoss: row.trainLoss ?? null,
      valTop1: row.valTop1 ?? null,
      testTop1: row.testTop1 ?? null,
    };
    const index = this.#epochs.findIndex((existing) => existing.epoch === row.epoch);
    if (index >= 0) this.#epochs[index] = summaryRow;
    else this.#epochs.push(summaryRow);
  }
}

function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    // The trainer reported the file written; if it vanished since, record it without a size.
    return null;
  }
}
