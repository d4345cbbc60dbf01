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
import type { TrainResult } from '../../contract/engineTypes';
import type { WorkerMessage } from '../../engine/protocol';
import { backendChoice } from '../backendChoice';
import { createEngineHost, type EngineHost } from '../jobs/engineHost';
import { fromWireError } from '../jobs/wireErrors';
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
  /** Aborting stops the run before its next step, with a checkpoint (status 'stopped'). */
  stop?: AbortSignal;
  /** Makes the engine host (tests inject one); default: the engine worker thread. */
  createHost?: () => EngineHost;
}

/** How a bundle training ended; `result` is null when the bundle was already complete. */
export interface BundleTrainingResult {
  dir: string;
  manifest: BundleManifest;
  result: TrainResult | null;
  resumed: boolean;
}

type EngineMessage = Extract<WorkerMessage, { type: 'started' } | { type: 'event' }>;

/**
 * Runs one job on an engine worker thread, as the job queue does: the same numbers as a local
 * run, and this thread's event loop stays free, so SIGTERM (scancel) is handled at once.
 */
async function runInEngine(
  config: RunConfig,
  checkpointDir: string,
  resume: boolean,
  options: BundleTrainingOptions,
  onMessage: (message: EngineMessage) => void,
): Promise<TrainResult> {
  const host = (options.createHost ?? (() => createEngineHost()))();
  const jobId = 'bundle';
  const onAbort = () => host.stop(jobId);
  try {
    return await new Promise<TrainResult>((resolve, reject) => {
      host.onMessage((message) => {
        try {
          if (message.type === 'started' || message.type === 'event') onMessage(message);
          else if (message.type === 'done') resolve(message.result);
          else if (message.type === 'failed') reject(fromWireError(message.error));
        } catch (error) {
          // A bundle file that cannot be written ends the run (it checkpoints first).
          host.stop(jobId);
          reject(error);
        }
      });
      host.start({
        jobId,
        runId: jobId,
        config,
        backend: backendChoice(config),
        checkpointDir,
        resume,
      });
      if (options.stop?.aborted) onAbort();
      options.stop?.addEventListener('abort', onAbort);
    });
  } finally {
    options.stop?.removeEventListener('abort', onAbort);
    await host.close();
  }
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
    return { dir, manifest: previous, result: null, resumed: false };
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
  let result: TrainResult;
  let started: BundleStartedLine | null = null;
  try {
    result = await runInEngine(config, checkpoints, resume, options, (message) => {
      if (message.type === 'started') {
        started = {
          type: 'started',
          attempt: manifest.attempts,
          arch: config.arch,
          environment: { ...message.environment },
          accounting: {
            budgetParams: message.accounting.budgetParams,
            trainableParams: message.accounting.trainableParams,
            unsharedParams: message.accounting.unsharedParams,
            layers: message.accounting.layers,
          },
          notes: message.notes,
        };
        line(started);
      } else {
        line(message.event);
        options.onEvent?.(message.event);
      }
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
  const info = started as BundleStartedLine | null;
  if (result.status === 'stopped') {
    manifest = { ...manifest, status: 'stopped', updatedAt: Date.now() };
    writeManifest(dir, manifest);
    return { dir, manifest, result, resumed: resume };
  }
  writeFileAtomic(
    join(dir, RESULT_FILE),
    `${JSON.stringify(
      {
        status: result.status,
        arch: config.arch,
        environment: info?.environment ?? null,
        budgetParams: info?.accounting.budgetParams ?? null,
        trainableParams: info?.accounting.trainableParams ?? null,
        unsharedParams: info?.accounting.unsharedParams ?? null,
        history: result.history,
        best: result.best,
        last: result.last,
        imagesPerSecond: result.imagesPerSecond,
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
  return { dir, manifest, result, resumed: resume };
}
