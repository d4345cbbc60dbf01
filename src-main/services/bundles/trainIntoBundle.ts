// `npas train --bundle DIR`: trains one run writing only files under DIR (config, metrics as
// JSON lines, checkpoints, result, manifest), never a database, so it can run on any cluster
// node over shared storage. Started again on the same folder it continues from the bundle's
// last checkpoint (a resubmitted Slurm task); on a finished bundle it trains nothing.
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../../contract/config';
import { ConfigError } from '../../contract/errors';
import { LAST_CHECKPOINT, SEARCH_FOLDER } from '../../engine/train/runFiles';
import type { TrainEvent } from '../../engine/train/events';
import { writeFileAtomic } from '../../engine/train/writeFileAtomic';
import { runTraining, type TrainingOutcome } from '../training';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  CHECKPOINTS_FOLDER,
  CONFIG_FILE,
  METRICS_FILE,
  RESULT_FILE,
  type BundleManifest,
  type BundleStartedLine,
} from './bundleFormat';
import { describeFile, listBundleFiles } from './bundleFiles';
import { readManifest, writeManifest } from './manifestFile';

export interface BundleTrainingOptions {
  onEvent?: (event: TrainEvent) => void;
  shouldStop?: () => boolean;
}

/** How a bundle training ended; `outcome` is null when the bundle was already complete. */
export interface BundleTrainingResult {
  dir: string;
  manifest: BundleManifest;
  outcome: TrainingOutcome | null;
  resumed: boolean;
}

/** Trains `config` into bundle folder `dir` (created if needed), resuming what is there. */
export async function trainIntoBundle(
  config: RunConfig,
  dir: string,
  options: BundleTrainingOptions = {},
): Promise<BundleTrainingResult> {
  mkdirSync(join(dir, CHECKPOINTS_FOLDER), { recursive: true });
  const previous = existsSync(join(dir, 'manifest.json')) ? readManifest(dir) : null;
  if (previous?.status === 'completed') {
    return { dir, manifest: previous, outcome: null, resumed: false };
  }
  const configPath = join(dir, CONFIG_FILE);
  const configText = `${JSON.stringify(config, null, 2)}\n`;
  if (existsSync(configPath)) {
    // The same folder with another config would mix two runs' metrics and checkpoints.
    if (readFileSync(configPath, 'utf8') !== configText) {
      throw new ConfigError(
        `bundle ${dir} holds a run with a different config; give a new folder for this one`,
      );
    }
  } else {
    writeFileAtomic(configPath, configText);
  }
  const checkpoints = join(dir, CHECKPOINTS_FOLDER);
  const resume =
    existsSync(join(checkpoints, LAST_CHECKPOINT)) ||
    existsSync(join(checkpoints, SEARCH_FOLDER, LAST_CHECKPOINT));
  const now = Date.now();
  let manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    bundleId: previous?.bundleId ?? randomUUID(),
    name: config.name ?? null,
    status: 'running',
    attempts: (previous?.attempts ?? 0) + 1,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    finishedAt: null,
    error: null,
    files: {},
  };
  writeManifest(dir, manifest);
  const metrics = join(dir, METRICS_FILE);
  const line = (value: object) => appendFileSync(metrics, `${JSON.stringify(value)}\n`);
  if (resume) line({ type: 'resume', attempt: manifest.attempts });
  let outcome: TrainingOutcome;
  try {
    outcome = await runTraining(config, {
      checkpointDir: checkpoints,
      resume,
      shouldStop: options.shouldStop,
      onStarted(info) {
        const started: BundleStartedLine = {
          type: 'started',
          attempt: manifest.attempts,
          arch: info.arch,
          environment: { ...info.environment },
          accounting: {
            budgetParams: info.accounting.budgetParams,
            trainableParams: info.accounting.trainableParams,
            unsharedParams: info.accounting.unsharedParams,
            layers: info.accounting.layers,
          },
          notes: info.notes,
        };
        line(started);
      },
      onEvent(event) {
        line(event);
        options.onEvent?.(event);
      },
    });
  } catch (error) {
    manifest = {
      ...manifest,
      status: 'failed',
      updatedAt: Date.now(),
      error: error instanceof Error ? error.message : String(error),
    };
    writeManifest(dir, manifest);
    throw error;
  }
  const { result } = outcome;
  if (result.status === 'stopped') {
    manifest = { ...manifest, status: 'stopped', updatedAt: Date.now() };
    writeManifest(dir, manifest);
    return { dir, manifest, outcome, resumed: resume };
  }
  writeFileAtomic(
    join(dir, RESULT_FILE),
    `${JSON.stringify(
      {
        status: result.status,
        arch: outcome.arch,
        environment: outcome.environment,
        budgetParams: outcome.accounting.budgetParams,
        trainableParams: outcome.accounting.trainableParams,
        unsharedParams: outcome.accounting.unsharedParams,
        history: result.history,
        best: result.best,
        last: result.last,
        imagesPerSecond: result.imagesPerSecond,
        groups: outcome.groups,
      },
      null,
      2,
    )}\n`,
  );
  // Written last: a manifest listing every file (size and hash) marks the bundle complete.
  const files: BundleManifest['files'] = {};
  for (const name of listBundleFiles(dir)) files[name] = describeFile(join(dir, name));
  const at = Date.now();
  manifest = { ...manifest, status: 'completed', updatedAt: at, finishedAt: at, files };
  writeManifest(dir, manifest);
  return { dir, manifest, outcome, resumed: resume };
}
