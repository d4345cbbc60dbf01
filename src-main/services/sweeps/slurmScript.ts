// The Slurm batch script of a sweep (issue #14, item 3): one job array, one array task per cell.
// Each task trains its cell's config into its own run bundle on shared storage and never opens
// a database: the data folder imports the bundles as they finish.
import type { SlurmOptions } from '../../contract/sweep';
import { shellQuote } from '../npasCommand';

export interface SlurmScriptInput {
  sweepId: string;
  sweepName: string;
  /** The sweep's folder on shared storage. */
  root: string;
  /** Array task ids (cell indexes) to run. */
  cells: readonly number[];
  options: SlurmOptions;
  /** The npas command on the nodes (shell words). */
  npas: string;
}

/** Where the script, configs, logs and bundles of a sweep live under its root. */
export const sweepPaths = {
  config: (root: string, cell: number | string) => `${root}/configs/cell-${cell}.json`,
  bundle: (root: string, cell: number | string) => `${root}/cell-${cell}`,
  log: (root: string, cell: number | string) => `${root}/logs/cell-${cell}.log`,
};

/** `0-3` for a contiguous run of ids, else `1,3,7`. */
export function arraySpec(cells: readonly number[]): string {
  const sorted = [...new Set(cells)].sort((a, b) => a - b);
  const contiguous = sorted.every((cell, i) => i === 0 || cell === sorted[i - 1] + 1);
  if (contiguous && sorted.length > 1) return `${sorted[0]}-${sorted[sorted.length - 1]}`;
  return sorted.join(',');
}

/** The `#SBATCH` option lines for the user's Slurm options. */
function optionLines(options: SlurmOptions): string[] {
  const lines: string[] = [];
  if (options.partition) lines.push(`--partition=${options.partition}`);
  if (options.time) lines.push(`--time=${options.time}`);
  if (options.gres) lines.push(`--gres=${options.gres}`);
  if (options.cpus !== undefined) lines.push(`--cpus-per-task=${options.cpus}`);
  if (options.mem) lines.push(`--mem=${options.mem}`);
  for (const extra of options.extra ?? []) {
    lines.push(extra.replace(/^#SBATCH\s+/, '').trim());
  }
  return lines;
}

export function slurmScript(input: SlurmScriptInput): string {
  const { root, sweepId } = input;
  const q = shellQuote;
  // %a is the array task id: one log per cell, appended to by a resubmitted task.
  const sbatch = [
    `--job-name=npas-${sweepId}`,
    `--array=${arraySpec(input.cells)}`,
    `--output=${sweepPaths.log(root, '%a')}`,
    '--open-mode=append',
    ...optionLines(input.options),
  ];
  return [
    '#!/bin/bash',
    ...sbatch.map((line) => `#SBATCH ${line}`),
    `# NPAS Studio sweep "${input.sweepName.replace(/[\r\n]/g, ' ')}" (${sweepId}): one array task per cell.`,
    '# Each task trains its cell into a run bundle on shared storage (no database on the nodes);',
    '# `npas sweep status` imports finished bundles into the data folder.',
    'set -euo pipefail',
    'cell="${SLURM_ARRAY_TASK_ID:?run this script with sbatch (a job array)}"',
    `echo "npas sweep ${sweepId}: cell $cell, job \${SLURM_JOB_ID:-?} on $(hostname) at $(date -Is)"`,
    `exec ${input.npas} train --config ${q(root)}/configs/cell-"$cell".json --bundle ${q(root)}/cell-"$cell"`,
    '',
  ].join('\n');
}
