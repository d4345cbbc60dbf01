// Events the trainer emits while it runs: the only way progress leaves the engine (the CLI
// prints them, the jobs host batches them into the store and pushes them to the UI).
import type { EvalResult } from './evaluate';

/** Phases of a run: SSN/SuperWeights searches, the main training, coefficient unsharing. */
export type Phase = 'search' | 'main' | 'unsharing';

export interface StepEvent {
  type: 'step';
  phase: Phase;
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  accuracy: number;
  lr: number;
  imagesPerSecond: number;
  etaSeconds: number;
}

/** One epoch's record; also what `history` holds. */
export interface EpochRecord {
  phase: Phase;
  epoch: number;
  lr: number;
  seconds: number;
  imagesPerSecond: number;
  train: { loss: number; accuracy: number };
  validation: EvalResult | null;
  test: EvalResult | null;
}

export type TrainEvent =
  | { type: 'phase'; phase: Phase; message: string }
  | StepEvent
  | ({ type: 'epoch'; epochs: number } & EpochRecord)
  | { type: 'checkpoint'; path: string; epoch: number; step: number }
  | { type: 'log'; level: 'info' | 'warn'; message: string };

export type TrainEventSink = (event: TrainEvent) => void;
