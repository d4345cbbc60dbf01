// The SuperWeights cluster search (superweights.md §2.1–2.7) as a phase of the same trainer:
// pretrain the depth-bin build with one α per bank, take the gradients of every generated layer
// weight on one augmented batch in inference mode, split and attach clusters with the
// threshold loop fitted to the budget, and hand the sharing to a fresh main phase. The sharing
// is saved beside the checkpoints, so a resumed run skips the search.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig, TrainingConfig } from '../../contract/config';
import { CheckpointError } from '../../contract/errors';
import type { Architecture } from '../arch/types';
import { epochOrder } from '../data/epochOrder';
import { makeBatch } from '../data/makeBatch';
import {
  collectLayerGradients,
  memberSize,
  searchSharing,
  type SearchStep,
  type SuperWeightsConfig,
  type SuperWeightsSharing,
} from '../npas/superweights';
import { createRng } from '../random';
import { tf } from '../tf';
import { modelArchitectures, superWeightsFor } from './setup';
import type { SearchOptions } from './ssnSearchPhase';
import { buildSuperWeightsModel, type SuperWeightsBuild } from './superWeightsModel';
import { train, type TrainerData, type TrainResult } from './trainer';
import { writeFileAtomic } from './writeFileAtomic';
import { LAST_CHECKPOINT, SEARCH_FOLDER, SHARING_FILE } from './runFiles';

/** What the search found: the sharing, the τ it settled on and every τ tried. */
export interface SuperWeightsSearchFound {
  sharing: SuperWeightsSharing;
  threshold: number;
  steps: SearchStep[];
}

export type SuperWeightsSearchOutcome =
  { found: SuperWeightsSearchFound } | { stopped: TrainResult };

/** The file beside the checkpoints that holds the search's result. */
export { SHARING_FILE };

/** Runs (or, on resume after it finished, reloads) the search and returns the sharing. */
export async function superWeightsSearchPhase(
  config: RunConfig,
  arch: Architecture,
  data: TrainerData,
  options: SearchOptions,
): Promise<SuperWeightsSearchOutcome> {
  const file = options.checkpointDir ? join(options.checkpointDir, SHARING_FILE) : null;
  if (file && existsSync(file)) return { found: readSharingFile(file) };
  const settings = superWeightsFor(config, arch);
  const archs = modelArchitectures(config, arch);
  const pretraining = { ...settings, coefficients: 'perBank' as const };
  const trained = pretrainedMembers(archs, settings);
  const build = buildSuperWeightsModel(archs, pretraining, config.seed, { trained });
  try {
    const dir = options.checkpointDir ? join(options.checkpointDir, SEARCH_FOLDER) : undefined;
    if (dir) mkdirSync(dir, { recursive: true });
    const { epochs } = settings.search;
    options.onEvent({
      type: 'phase',
      phase: 'search',
      message: `search phase: ${epochs} epochs on the depth bins with one coefficient vector per bank, training member(s) ${trained.join(', ')}`,
    });
    const result = await train({
      model: build.model,
      data,
      training: searchTraining(config.training, epochs),
      seed: config.seed,
      phase: 'search',
      onEvent: options.onEvent,
      shouldStop: options.shouldStop,
      checkpointDir: dir,
      resume: Boolean(options.resume && dir && existsSync(join(dir, LAST_CHECKPOINT))),
    });
    if (result.status === 'stopped') return { stopped: result };
    const found = await findSharing(build, settings, data, config);
    if (file) writeFileAtomic(file, JSON.stringify(found));
    options.onEvent({ type: 'phase', phase: 'main', message: describeSharing(found) });
    return { found };
  } finally {
    build.model.dispose();
  }
}

/**
 * §2.1 step 2: member 0 and the first member of each new depth; every member when the
 * coefficient threshold c is set (the reference then pretrains them all).
 */
export function pretrainedMembers(
  archs: readonly Architecture[],
  settings: SuperWeightsConfig,
): number[] {
  if (settings.search.coefficientThreshold !== null) return archs.map((_, m) => m);
  const seen = new Set<number>();
  return archs.flatMap((arch, m) => {
    const { depth } = memberSize(arch, settings.shareClassifier);
    if (seen.has(depth)) return [];
    seen.add(depth);
    return [m];
  });
}

/**
 * The search trains with the main recipe's rates for its first epochs (§2.1): a step schedule
 * keeps its milestones; cosine and constant become the constant base rate, which is what the
 * reference's step schedule gives before its first milestone (cosine over the short search
 * would anneal to zero right before the gradients are taken).
 */
export function searchTraining(training: TrainingConfig, epochs: number): TrainingConfig {
  const schedule =
    training.schedule.type === 'step' ? training.schedule : { type: 'constant' as const };
  return { ...training, epochs, schedule };
}

/** §2.2–2.6 on the pretrained build: one batch of gradients, then the threshold loop. */
async function findSharing(
  build: SuperWeightsBuild,
  settings: SuperWeightsConfig,
  data: TrainerData,
  config: RunConfig,
): Promise<SuperWeightsSearchFound> {
  const batch = gradientBatch(data, config.training, config.seed, settings.search.epochs);
  try {
    const gradients = await collectLayerGradients(build.set, build.forwards, batch);
    const input = {
      bins: build.set.plan.sharing.clusters,
      gradients,
      depths: build.archs.map((a) => memberSize(a, settings.shareClassifier).depth),
    };
    const { sharing, threshold, steps } = searchSharing(build.archs, input, settings);
    return { sharing, threshold, steps };
  } finally {
    tf.dispose([batch.x, batch.labels]);
  }
}

/** The first augmented batch of the epoch after pretraining (§2.2: the loader's first batch). */
function gradientBatch(data: TrainerData, training: TrainingConfig, seed: number, epoch: number) {
  const size = Math.min(training.batchSize, data.train.count);
  const indices = epochOrder(data.train.count, seed, epoch).subarray(0, size);
  const rng = createRng(seed).fork('superweights:search-gradients');
  const batch = makeBatch(data.train, indices, { ...data.norm, augment: training.augment, rng });
  return { x: tf.tensor4d(batch.x, batch.shape), labels: tf.tensor1d(batch.y, 'int32') };
}

/** One line on the clusters: τ, how many, the τ tried, and each member's cluster per layer. */
export function describeSharing(found: SuperWeightsSearchFound): string {
  const clusters = new Set(found.sharing.clusters.flat().filter((c) => c >= 0)).size;
  const tried = found.steps
    .map(
      (s) => `τ ${s.threshold}: ${s.clusters} clusters, minimum ${s.need.toLocaleString('en-US')}`,
    )
    .join('; ');
  const members = found.sharing.clusters
    .map((map, m) => `member ${m}: ${map.map((c) => (c < 0 ? '-' : String(c))).join(',')}`)
    .join(' | ');
  const threshold = Math.round(found.threshold * 1e9) / 1e9;
  return `search found ${clusters} clusters at τ = ${threshold} (${tried}); ${members}`;
}

function readSharingFile(file: string): SuperWeightsSearchFound {
  let found: SuperWeightsSearchFound;
  try {
    found = JSON.parse(readFileSync(file, 'utf8')) as SuperWeightsSearchFound;
  } catch (error) {
    throw new CheckpointError(
      `${file}: cannot read the saved search result: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (!Array.isArray(found?.sharing?.clusters) || !Array.isArray(found.steps)) {
    throw new CheckpointError(
      `${file}: not a SuperWeights search result (no sharing.clusters); delete it to search again`,
    );
  }
  return found;
}
