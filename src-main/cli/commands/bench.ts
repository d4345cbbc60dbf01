// `npas bench`: training images/s for a model, batch size and input size on the chosen backend
// (warm-up excluded, median of several runs), as text and, with --json, as JSON.
import { parseRunConfig } from '../../contract/config';
import { ConfigError } from '../../contract/errors';
import { benchTraining } from '../../services/bench';
import type { PhaseProfile } from '../../services/benchPhases';
import { configFromFlags, parseFlags, RUN_FLAGS } from '../flags';
import { formatCount } from '../output';

const HELP = `usage: npas bench --arch NAME [--classes N] [--input HxWxC] [--batch-size N] [--method M]
                  [--budget N|P%] [--backend NAME] [--warmup N] [--runs N] [--steps N] [--phases] [--json]

--phases also splits a step into convolutions, batch norm, optimizer, other kernels and untracked
time, and times weight generation alone. NPAS_THREADS sets the threads of the onednn backend.

Example (the acceptance benchmark): npas bench --arch wrn-16-4 --classes 10 --input 32x32x3 --batch-size 128 --backend wasm`;

export async function benchCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    ...RUN_FLAGS,
    warmup: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    steps: { type: 'string', default: '1' },
    phases: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const count = (flag: string) => {
    const n = Number(values[flag]);
    if (!Number.isInteger(n) || n < 0)
      throw new ConfigError(`--${flag} must be a non-negative integer, got "${values[flag]}"`);
    return n;
  };
  const config = parseRunConfig(configFromFlags(values));
  const report = await benchTraining(config, {
    warmupSteps: count('warmup'),
    runs: Math.max(1, count('runs')),
    stepsPerRun: Math.max(1, count('steps')),
    phases: values.phases === true,
  });
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return 0;
  }
  console.log(
    `${report.arch} (${report.method}, ${formatCount(report.trainableParams)} trainable), input ${report.input}, ` +
      `${report.classes} classes, batch ${report.batchSize}, backend ${report.backend} (${report.device}, ${report.threads} thread${report.threads === 1 ? '' : 's'})`,
  );
  console.log(
    `  ${report.imagesPerSecond.toFixed(2)} img/s (median of ${report.runs.length}: ${report.runs.map((r) => r.toFixed(2)).join(', ')}), ` +
      `${report.msPerStep.toFixed(0)} ms per step`,
  );
  if (report.profile) console.log(formatProfile(report.profile));
  return 0;
}

function formatProfile(p: PhaseProfile): string {
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const rows = Object.entries(p.phases).map(([k, v]) => `    ${k.padEnd(13)} ${ms(v).padStart(9)}`);
  const generation =
    p.weightGeneration === null ? 'none' : ms(p.weightGeneration) + ' (forward + backward, alone)';
  const kernels = p.topKernels.map((k) => `${k.name} ${ms(k.ms)} (${k.calls}×)`).join(', ');
  return [
    `  per step (${ms(p.msPerStep)} while profiled):`,
    ...rows,
    `    weight generation ${generation}`,
    `  slowest kernels: ${kernels}`,
  ].join('\n');
}
