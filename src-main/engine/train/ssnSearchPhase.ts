// The SSN learned-groups search phase (ssn.md §4.2) as a step of the same trainer: train the
// search model (its own store, K = 4 whole-store templates, softmax coefficients) for its own
// epochs and schedule, cluster its coefficients with seeded k-means++, and hand the groups to the
// main run. The groups are saved beside the checkpoints so a resumed run skips the search.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../../contract/config';
import { ConfigError } from '../../contract/errors';
import type { Architecture } from '../arch/types';
import { learnGroups } from '../npas/ssn';
import type { TrainEventSink } from './events';
import { createSsnSearchModel } from './setup';
import { train, type TrainerData, type TrainResult } from './trainer';
import { writeFileAtomic } from './writeFileAtomic';
import { LAST_CHECKPOINT, SEARCH_FOLDER, SSN_GROUPS_FILE } from './runFiles';

export interface SearchOptions {
  onEvent: TrainEventSink;
  shouldStop?: () => boolean;
  checkpointDir?: string;
  resume?: boolean;
}

/** Groups found by the search, or the search's own result when it was stopped. */
export type SearchOutcome = { groups: number[] } | { stopped: TrainResult };

/** Runs (or, on resume after it finished, reloads) the search and returns the groups. */
export async function ssnSearchPhase(
  config: RunConfig,
  arch: Architecture,
  data: TrainerData,
  options: SearchOptions,
): Promise<SearchOutcome> {
  const groupsFile = options.checkpointDir ? join(options.checkpointDir, SSN_GROUPS_FILE) : null;
  if (groupsFile && existsSync(groupsFile)) {
    return {
      groups: (JSON.parse(readFileSync(groupsFile, 'utf8')) as { groups: number[] }).groups,
    };
  }
  const { settings, model, provider } = createSsnSearchModel(config, arch);
  try {
    const { search } = settings;
    if (new Set(search.gammas).size > 1) {
      throw new ConfigError(
        `ssn.search.gammas ${search.gammas.join(', ')}: this trainer supports one gamma for every step`,
      );
    }
    const dir = options.checkpointDir ? join(options.checkpointDir, SEARCH_FOLDER) : undefined;
    if (dir) mkdirSync(dir, { recursive: true });
    options.onEvent({
      type: 'phase',
      phase: 'search',
      message: `search phase: ${search.epochs} epochs on a ${search.budget.toLocaleString('en-US')}-parameter search model (${search.combiner})`,
    });
    const result = await train({
      model,
      data,
      training: {
        ...config.training,
        epochs: search.epochs,
        warmupEpochs: 0,
        schedule: { type: 'step', milestones: search.schedule, gamma: search.gammas[0] ?? 1 },
      },
      seed: config.seed,
      phase: 'search',
      onEvent: options.onEvent,
      shouldStop: options.shouldStop,
      checkpointDir: dir,
      resume: Boolean(options.resume && dir && existsSync(join(dir, LAST_CHECKPOINT))),
    });
    if (result.status === 'stopped') return { stopped: result };
    const groups = await learnGroups(provider, settings.groupCount ?? 1, config.seed);
    if (groupsFile) writeFileAtomic(groupsFile, JSON.stringify({ groups }));
    options.onEvent({
      type: 'phase',
      phase: 'main',
      message: `search found ${new Set(groups).size} groups: ${groups.join(',')}`,
    });
    return { groups };
  } finally {
    model.dispose();
  }
}
