// `npas train`: trains a network from a config file, a preset or flags, with a progress bar (or
// JSON-lines events with --json), and prints the result.
import { parseRunConfig } from '../../contract/config';
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
  --json              print machine-readable events (one JSON object per line)`;

export async function trainCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    ...RUN_FLAGS,
    'checkpoint-dir': { type: 'string' },
    resume: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    name: { type: 'string' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const config = parseRunConfig(configFromFlags(values));
  const json = Boolean(values.json);
  const dataDirFlag = values['data-dir'] as string | undefined;
  const inProcessFlags = Boolean(values['checkpoint-dir'] || values.resume);
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
