// Reads a finished run bundle completely and checks it before anything is imported: manifest
// version and status, every listed file's size and SHA-256, the config, and every metrics line.
// A bundle still running (or stopped, failed), cut short or edited is refused with a BundleError
// naming the folder and what is wrong.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunConfig, type RunConfig } from '../../contract/config';
import { BundleError } from '../../contract/errors';
import type { TrainEvent } from '../../engine/train/events';
import {
  CONFIG_FILE,
  METRICS_FILE,
  RESULT_FILE,
  type BundleManifest,
  type BundleStartedLine,
} from './bundleFormat';
import { describeFile } from './bundleFiles';
import { readManifest } from './manifestFile';

export interface BundleContents {
  dir: string;
  manifest: BundleManifest;
  config: RunConfig;
  /** The 'started' record of the attempt that finished the run. */
  started: BundleStartedLine;
  /**
   * The trainer's events, with what a resumed attempt redid replacing the interrupted attempt's
   * rows (one step per phase/epoch/step, one epoch record per phase/epoch), checkpoints left out.
   */
  events: TrainEvent[];
  /** Relative paths of the bundle's checkpoint files. */
  checkpointFiles: string[];
}

const REQUIRED = [CONFIG_FILE, METRICS_FILE, RESULT_FILE];

export function readBundle(dir: string): BundleContents {
  const manifest = readManifest(dir);
  if (manifest.status !== 'completed') {
    throw new BundleError(
      dir,
      `partial: its run is ${manifest.status}${manifest.error ? ` (${manifest.error})` : ''}, ` +
        'not completed; import it once it completes',
    );
  }
  for (const name of REQUIRED) {
    if (!manifest.files[name]) throw new BundleError(dir, `corrupt: the manifest lists no ${name}`);
  }
  for (const [name, expected] of Object.entries(manifest.files)) {
    const path = join(dir, name);
    if (name.split('/').includes('..')) {
      throw new BundleError(dir, `corrupt: the manifest names a file outside it (${name})`);
    }
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new BundleError(dir, `partial: ${name} is missing`);
    }
    const actual = describeFile(path);
    if (actual.bytes !== expected.bytes) {
      throw new BundleError(
        dir,
        `partial or corrupt: ${name} has ${actual.bytes} bytes, the manifest says ${expected.bytes}`,
      );
    }
    if (actual.sha256 !== expected.sha256) {
      throw new BundleError(dir, `corrupt: ${name} does not match its SHA-256 in the manifest`);
    }
  }
  let config: RunConfig;
  try {
    config = parseRunConfig(JSON.parse(readFileSync(join(dir, CONFIG_FILE), 'utf8')), CONFIG_FILE);
  } catch (error) {
    throw new BundleError(dir, `corrupt: ${(error as Error).message}`, { cause: error });
  }
  const { started, events } = readMetrics(dir);
  return {
    dir,
    manifest,
    config,
    started,
    events,
    checkpointFiles: Object.keys(manifest.files).filter((name) => name.startsWith('checkpoints/')),
  };
}

function readMetrics(dir: string): { started: BundleStartedLine; events: TrainEvent[] } {
  const text = readFileSync(join(dir, METRICS_FILE), 'utf8');
  let started: BundleStartedLine | null = null;
  const steps = new Map<string, TrainEvent>();
  const epochs = new Map<string, TrainEvent>();
  // Keyed maps keep the first position of a key and the last value: a resumed attempt's
  // re-emitted steps replace the interrupted attempt's, in their place.
  const ordered: { key: string | null; event: TrainEvent }[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let value: { type?: unknown };
    try {
      value = JSON.parse(line) as { type?: unknown };
    } catch (error) {
      throw new BundleError(dir, `corrupt: ${METRICS_FILE} line ${index + 1} is not JSON`, {
        cause: error,
      });
    }
    switch (value.type) {
      case 'started':
        started = value as BundleStartedLine;
        return;
      case 'resume':
      case 'checkpoint':
        return;
      case 'step': {
        const step = value as Extract<TrainEvent, { type: 'step' }>;
        const key = `s|${step.phase}|${step.epoch}|${step.step}`;
        if (!steps.has(key)) ordered.push({ key, event: step });
        steps.set(key, step);
        return;
      }
      case 'epoch': {
        const epoch = value as Extract<TrainEvent, { type: 'epoch' }>;
        const key = `e|${epoch.phase}|${epoch.epoch}`;
        if (!epochs.has(key)) ordered.push({ key, event: epoch });
        epochs.set(key, epoch);
        return;
      }
      case 'phase':
      case 'log':
        ordered.push({ key: null, event: value as TrainEvent });
        return;
      default:
        throw new BundleError(
          dir,
          `corrupt: ${METRICS_FILE} line ${index + 1} has an unknown type ${JSON.stringify(value.type)}`,
        );
    }
  });
  if (!started) throw new BundleError(dir, `corrupt: ${METRICS_FILE} has no 'started' record`);
  const events = ordered.map(({ key, event }) =>
    key === null ? event : ((key.startsWith('s|') ? steps : epochs).get(key) as TrainEvent),
  );
  return { started, events };
}
