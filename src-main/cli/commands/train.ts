// `npas train`: trains a network from a config file, a preset or flags, with a progress bar (or
// JSON-lines events with --json), and prints the result.
import { resolve } from 'node:path';
import { parseRunConfig, type RunConfig } from '../../contract/config';
import { trainIntoBundle } from '../../services/bundles';
import { ConfigError } from '../../contract/errors';
import { dataDirRequested, openDataDir, resolveDataDir } from '../../services/dataDir';
import { runTraining } from '../../services/training';
import type { EvalResult } from '../../engine/train/evaluate';
import type { AnytimeReport } from '../../engine/train/anytimeReport';
import { configFromFlags, parseFlags, RUN_FLAGS } from '../flags';
import { createProgressPrinter, formatCount, formatDuration, printJsonLine } from '../output';
import { trainInForeground } from './runs';

const HELP = `usage: npas train [--preset quickstart | --config run.json] [flags]

Trains on the bundled Fashion-MNIST sample unless --dataset PATH names a folder holding IDX,
CIFAR binary or class-per-folder images. Flags override the config file or preset.
  --arch NAME         wrn-D-K, resnet-20|32|56, mlp, cnn
  --method NAME       unshared (default), ssn, superweights
  --budget N|P%       parameter budget (for ssn / superweights)
  --epochs N --batch-size N --lr X --seed N --max-steps N (per epoch, for smoke tests)
  --input HxWxC       network input; data is padded/cropped and channels repeated to fit
  --backend NAME      auto (default), node-gpu, webgpu, node, wasm, cpu (or NPAS_BACKEND)
  --data-dir D        record the run in the data folder D (or NPAS_DATA_DIR): it is queued,
                      trained by the engine worker, stored with its metrics and checkpoints,
                      stoppable with Ctrl-C and resumable with 'npas runs resume ID'
  --name TEXT         the run's name in the runs list (with a data folder)
  --checkpoint-dir D  without a data folder: keep last.ckpt / best.ckpt there; --resume
                      continues from last.ckpt
  --bundle D          write the run as a self-contained bundle in folder D (config, metrics
                      as JSON lines, checkpoints, result, manifest) and touch no database: for
                      cluster nodes ('npas runs import D' brings it into a data folder). Run
                      again on the same D it continues from the bundle's last checkpoint.
                      SIGTERM (scancel) and Ctrl-C stop it at the next step with a checkpoint
  --json              print machine-readable events (one JSON object per line)`;

export async function trainCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    ...RUN_FLAGS,
    'checkpoint-dir': { type: 'string' },
    resume: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    name: { type: 'string' },
    bundle: { type: 'string' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const config = parseRunConfig(configFromFlags(values));
  const json = Boolean(values.json);
  const dataDirFlag = values['data-dir'] as string | undefined;
  const inProcessFlags = Boolean(values['checkpoint-dir'] || values.resume);
  const bundle = values.bundle as string | undefined;
  if (bundle) {
    if (dataDirFlag || inProcessFlags) {
      throw new ConfigError(
        '--bundle writes the run to its own folder (and resumes there): it takes no ' +
          '--data-dir, --checkpoint-dir or --resume',
      );
    }
    return bundleCommand(
      values.name ? { ...config, name: values.name as string } : config,
      bundle,
      json,
    );
  }
  if (dataDirFlag && inProcessFlags) {
    throw new ConfigError(
      '--checkpoint-dir and --resume are for runs without a data folder; with --data-dir the ' +
        "checkpoints go to DATA/runs/ID and 'npas runs resume ID' continues a run",
    );
  }
  // A data folder from the environment yields to explicit --checkpoint-dir / --resume.
  if (dataDirRequested(dataDirFlag) && !inProcessFlags) {
    const dataDir = openDataDir(resolveDataDir(dataDirFlag));
    try {
      const name = values.name as string | undefined;
      return await trainInForeground(dataDir, (queue) => queue.enqueueTraining(config, { name }), {
        json,
        config,
      });
    } finally {
      dataDir.close();
    }
  }
  const onEvent = json ? printJsonLine : createProgressPrinter();
  const outcome = await runTraining(config, {
    onEvent,
    checkpointDir: values['checkpoint-dir'] as string | undefined,
    resume: Boolean(values.resume),
  });
  const { result } = outcome;
  const summary = {
    type: 'result',
    status: result.status,
    arch: outcome.arch,
    method: config.method,
    backend: outcome.environment.backend,
    trainableParams: outcome.accounting.trainableParams,
    budgetParams: outcome.accounting.budgetParams,
    epochs: result.history.length,
    imagesPerSecond: result.imagesPerSecond,
    last: result.last,
    best: result.best,
    groups: outcome.groups,
    anytime: outcome.anytime,
  };
  if (json) {
    printJsonLine(summary);
    return 0;
  }
  const pct = (x: number | undefined) => (x === undefined ? 'n/a' : `${(100 * x).toFixed(2)}%`);
  const seconds = result.history.reduce((s, r) => s + r.seconds, 0);
  console.log(
    [
      `${result.status}: ${outcome.arch} (${config.method}), ${formatCount(outcome.accounting.trainableParams)} trainable parameters, backend ${outcome.environment.backend}`,
      `  test accuracy (last epoch): top-1 ${pct(result.last.test?.top1)}, top-5 ${pct(result.last.test?.top5)}`,
      result.best
        ? `  best epoch by validation: ${result.best.epoch + 1} (val ${pct(result.best.validation?.top1)}, test ${pct(result.best.test?.top1)})`
        : '  no epoch finished',
      `  ${result.imagesPerSecond.toFixed(1)} img/s over ${formatDuration(seconds)}`,
      ...ensembleLines(result.last.test, outcome.anytime),
    ].join('\n'),
  );
  return 0;
}

/**
 * `npas train --bundle DIR`: trains into the bundle (never a data folder, whatever
 * NPAS_DATA_DIR says). SIGTERM, which scancel and a Slurm time limit send first, and Ctrl-C
 * stop at the next step with a checkpoint, so a resubmitted task continues from there.
 * Exit code 0 when the run completed (or the bundle already had), 3 when it was stopped.
 */
async function bundleCommand(config: RunConfig, dir: string, json: boolean): Promise<number> {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    stop.abort();
    console.error(`npas train: ${signal}: stopping at the next step (bundle ${dir} resumes)`);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    const done = await trainIntoBundle(config, resolve(dir), {
      onEvent: json ? printJsonLine : createProgressPrinter(),
      stop: stop.signal,
    });
    const line = {
      type: 'bundle',
      path: done.dir,
      bundleId: done.manifest.bundleId,
      status: done.manifest.status,
      attempts: done.manifest.attempts,
      resumed: done.resumed,
      testTop1: done.result?.last.test?.top1 ?? null,
    };
    if (json) printJsonLine(line);
    else if (!done.result) console.log(`bundle ${done.dir} is already complete; nothing to train`);
    else
      console.log(
        `${done.manifest.status}: bundle ${done.dir} (attempt ${done.manifest.attempts}${done.resumed ? ', resumed from its last checkpoint' : ''})`,
      );
    return done.manifest.status === 'completed' ? 0 : 3;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/** Per-member accuracy, diversity and the anytime table of an ensemble (superweights.md §4.3–4.4). */
function ensembleLines(test: EvalResult | null, anytime: AnytimeReport | null): string[] {
  if (!test?.members) return [];
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const lines = [
    `  members (test top-1): ${test.members.map((m, i) => `#${i} ${pct(m.top1)}`).join(', ')}; diversity ${test.diversity?.toFixed(3) ?? 'n/a'}`,
  ];
  if (anytime) {
    lines.push(`  anytime prediction (${anytime.split}, by cost):`);
    for (const subset of anytime.subsets) {
      lines.push(
        `    {${subset.members.join(',')}}  ${(subset.macs / 1e6).toFixed(1)}M MACs  ${subset.msPerSample.toFixed(2)} ms/sample  top-1 ${pct(subset.top1)}`,
      );
    }
  }
  return lines;
}
