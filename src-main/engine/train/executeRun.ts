// One training run from config to result, the body both the engine worker (jobs) and the
// in-process CLI execute: pick the backend, prepare data, run a method's search phase if it has
// one, build the model, train (with SuperWeights coefficient unsharing between epochs), report
// an ensemble's anytime prediction, dispose.
import type { RunConfig } from '../../contract/config';
import { initBackend, type BackendName } from '../backend/ladder';
import type { RunEnvironment } from '../protocol';
import type { Architecture } from '../arch/types';
import type { Accounting } from '../npas/provider';
import type { SuperWeightsSharing } from '../npas/superweights';
import type { Trainable } from '../nn/trainable';
import { anytimeReport, type AnytimeReport } from './anytimeReport';
import { createCoefficientUnsharing, type UnsharingRecord } from './coefficientUnsharing';
import type { TrainEventSink } from './events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  accountingFor,
  createModel,
  createSuperWeightsModel,
  needsSsnSearch,
  needsSuperWeightsSearch,
  prepareRun,
} from './setup';
import { ssnSearchPhase } from './ssnSearchPhase';
import type { SuperWeightsBuild } from './superWeightsModel';
import { superWeightsSearchPhase } from './superWeightsPhases';
import { train, type TrainerData, type TrainResult } from './trainer';
import { LAST_CHECKPOINT } from './runFiles';

export interface ExecuteOptions {
  backend: BackendName | 'auto';
  onEvent?: TrainEventSink;
  /** Called once the model exists, before the first step. */
  onStarted?: (info: {
    environment: RunEnvironment;
    accounting: Accounting;
    notes: string[];
    arch: string;
  }) => void;
  shouldStop?: () => boolean;
  checkpointDir?: string;
  resume?: boolean;
}

export interface ExecuteOutcome {
  environment: RunEnvironment;
  arch: string;
  accounting: Accounting;
  notes: string[];
  result: TrainResult;
  /** SSN learned groups found by the search phase (null when the run had none). */
  groups: number[] | null;
  /** SuperWeights clusters and coefficient links found by the search (null without one). */
  superWeightsSharing: SuperWeightsSharing | null;
  /** SuperWeights coefficient unsharing tests run during the main phase (superweights.md §2.8). */
  unsharing: UnsharingRecord[];
  /** Anytime prediction of a completed SuperWeights ensemble (superweights.md §4.4), else null. */
  anytime: AnytimeReport | null;
}

/** Trains `config` to completion (or until stopped). */
export async function executeRun(
  config: RunConfig,
  options: ExecuteOptions,
): Promise<ExecuteOutcome> {
  // The run's adapter choice (Settings) names the GPU for this thread's ladder, as the variable
  // would; the ladder re-probes when it differs from the one it set up last.
  if (config.webgpuAdapter) process.env.NPAS_WEBGPU_ADAPTER = config.webgpuAdapter;
  const backend = await initBackend(options.backend);
  const emit = options.onEvent ?? (() => {});
  const environment: RunEnvironment = {
    backend: backend.name,
    device: backend.device,
    backendWhy: backend.why,
    versions: backend.versions,
  };
  emit({ type: 'log', level: 'info', message: `backend: ${backend.name} (${backend.why})` });
  const prepared = await prepareRun(config);
  for (const note of prepared.notes) emit({ type: 'log', level: 'info', message: note });
  const searchOptions = {
    onEvent: emit,
    shouldStop: options.shouldStop,
    checkpointDir: options.checkpointDir,
    resume: options.resume,
  };
  const stoppedInSearch = (stopped: TrainResult): ExecuteOutcome => ({
    environment,
    arch: prepared.arch.name,
    accounting: accountingFor(config).accounting,
    notes: prepared.notes,
    result: stopped,
    ...NO_SEARCH_RESULTS,
  });
  let groups: number[] | undefined;
  let sharing: SuperWeightsSharing | undefined;
  if (needsSsnSearch(config, prepared.arch)) {
    const search = await ssnSearchPhase(config, prepared.arch, prepared.data, searchOptions);
    if ('stopped' in search) return stoppedInSearch(search.stopped);
    groups = search.groups;
  }
  if (needsSuperWeightsSearch(config, prepared.arch)) {
    const search = await superWeightsSearchPhase(
      config,
      prepared.arch,
      prepared.data,
      searchOptions,
    );
    if ('stopped' in search) return stoppedInSearch(search.stopped);
    sharing = search.found.sharing;
  }
  const { model, superWeights } = mainModel(config, prepared.arch, groups, sharing);
  const unsharing = superWeights?.settings.unshare.epoch
    ? createCoefficientUnsharing(superWeights, prepared.data, config.training, config.seed)
    : null;
  try {
    const accounting = { ...model.accounting(), requestedBudget: prepared.budget };
    options.onStarted?.({
      environment,
      accounting,
      notes: prepared.notes,
      arch: prepared.arch.name,
    });
    emit({
      type: 'phase',
      phase: 'main',
      message: `training ${prepared.arch.name} (${config.method}), ${accounting.trainableParams.toLocaleString('en-US')} trainable parameters`,
    });
    const result = await train({
      model,
      data: prepared.data,
      training: config.training,
      seed: config.seed,
      onEvent: emit,
      shouldStop: options.shouldStop,
      checkpointDir: options.checkpointDir,
      // A stop during the search leaves no main checkpoint yet: the main run then starts fresh.
      resume: Boolean(
        options.resume &&
        ((groups === undefined && sharing === undefined) ||
          (options.checkpointDir && existsSync(join(options.checkpointDir, LAST_CHECKPOINT)))),
      ),
      afterEpoch: unsharing ? (epoch) => unsharing.afterEpoch(epoch) : undefined,
      modelState: unsharing?.modelState,
    });
    return {
      environment,
      arch: prepared.arch.name,
      accounting,
      notes: prepared.notes,
      result,
      groups: groups ?? null,
      superWeightsSharing: sharing ?? null,
      unsharing: unsharing ? [...unsharing.records] : [],
      anytime: await anytimeOf(superWeights, result, prepared.data, config.training.evalBatchSize),
    };
  } finally {
    model.dispose();
  }
}

const NO_SEARCH_RESULTS = { groups: null, superWeightsSharing: null, unsharing: [], anytime: null };

/** The main-phase model; for SuperWeights also the build the unsharing and anytime steps need. */
function mainModel(
  config: RunConfig,
  arch: Architecture,
  groups: number[] | undefined,
  sharing: SuperWeightsSharing | undefined,
): { model: Trainable; superWeights: SuperWeightsBuild | null } {
  if (config.method !== 'superweights')
    return { model: createModel(config, arch, groups), superWeights: null };
  const build = createSuperWeightsModel(config, arch, sharing);
  return { model: build.model, superWeights: build };
}

/** §4.4 for ensembles that completed; single networks and stopped runs have none. */
async function anytimeOf(
  build: SuperWeightsBuild | null,
  result: TrainResult,
  data: TrainerData,
  batchSize: number,
): Promise<AnytimeReport | null> {
  if (!build || build.archs.length < 2 || result.status !== 'completed') return null;
  return anytimeReport(build, data, batchSize);
}
