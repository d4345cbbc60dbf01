// Events the trainer emits while it runs: the only way progress leaves the engine (the CLI
// prints them, the jobs host batches them into the store and pushes them to the UI).
import type { TrainEvent } from '../../contract/engineTypes';

// The types live in the contract (below the engine's protocol); re-exported under their names.
export type { EpochRecord, Phase, StepEvent, TrainEvent } from '../../contract/engineTypes';

export type TrainEventSink = (event: TrainEvent) => void;
