// A config with its dataset's input shape and class count filled in, for the checks made before
// anything is queued (a run's input comes from its dataset); shared by runs, sweeps and grids.
import { resolve } from 'node:path';
import { parseRunConfig, type RunConfigInput } from '../../contract/config';
import type { DatasetsService } from '../datasets';

/** Fills input shape and classes from a known dataset; unknown datasets leave it as it is. */
export async function withDatasetShape(
  datasets: DatasetsService,
  input: RunConfigInput,
): Promise<RunConfigInput> {
  const config = parseRunConfig(input);
  if (config.input && config.classes) return input;
  const path = config.dataset.path;
  const known =
    path === 'sample'
      ? (await datasets.preview('sample')).dataset
      : (await datasets.list().catch(() => [])).find((d) => d.path === resolve(path));
  if (!known) return input;
  const cifarNet = /^(wrn|resnet)-/.test(config.arch);
  return {
    ...input,
    input:
      config.input ?? (cifarNet ? undefined : `${known.height}x${known.width}x${known.channels}`),
    classes: config.classes ?? known.classes,
  };
}
