// The run the Live screen and LiveRunState tests watch: getRun's answer for run "RUN1" (a small
// unshared CNN with no metrics unless given) and the progress events its training pushes.
import type { RunDetailsWire, RunProgressWire } from '../../src-main/contract/appApi';

/** getRun's answer for RUN1 in `status`; `run` and `metrics` replace parts of it. */
export function liveRunDetails(
  status: RunDetailsWire['run']['status'],
  patch: { run?: Partial<RunDetailsWire['run']>; metrics?: RunDetailsWire['metrics'] } = {},
): RunDetailsWire {
  return {
    run: {
      id: 'RUN1',
      name: 'tiny',
      status,
      method: 'unshared',
      arch: 'cnn',
      dataset: 'sample',
      budgetRequested: null,
      budgetParams: null,
      trainableParams: null,
      unsharedParams: null,
      configSchemaVersion: 1,
      seed: 0,
      createdAt: 0,
      startedAt: null,
      finishedAt: null,
      updatedAt: 0,
      error: null,
      bestValTop1: null,
      bestTestTop1: null,
      lastValTop1: null,
      lastTestTop1: null,
      lastLoss: null,
      imagesPerSecond: null,
      durationSeconds: null,
      epochsDone: 0,
      phase: 'main',
      note: '',
      config: {},
      environment: {},
      archived: false,
      ...patch.run,
    },
    tags: [],
    files: [],
    groups: [],
    metrics: patch.metrics ?? { epochs: [], steps: [] },
  };
}

/** A `run.progress` event of RUN1's main phase (epoch 1 of 2, step 1 of 4) with `patch` applied. */
export function liveProgress(patch: Partial<RunProgressWire> = {}): RunProgressWire {
  return {
    runId: 'RUN1',
    phase: 'main',
    epoch: 0,
    epochs: 2,
    step: 0,
    steps: 4,
    loss: 1.5,
    accuracy: 0.5,
    lr: 0.1,
    imagesPerSecond: 250,
    etaSeconds: 12,
    ...patch,
  };
}
