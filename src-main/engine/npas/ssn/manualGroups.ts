// The reference's hand-made WRN grouping (ssn.md §4.1 "manual"), generalised from its hard-coded
// 29-layer list to any WRN depth: the stem, each first-block conv and shortcut, and the classifier
// alone; the remaining blocks of each stage together. WRN-28 gives the reference's 14 groups.
import { ConfigError } from '../../../contract/errors';
import type { Architecture } from '../../arch/types';

const WRN_STAGES = 3;

/** Group id per layer for a WRN; ConfigError for any other family or an unexpected layer list. */
export function manualGroups(arch: Architecture): number[] {
  const match = /^wrn-(\d+)-/.exec(arch.name);
  if (arch.family !== 'wrn' || !match) {
    throw new ConfigError(
      `groups 'manual' is defined only for WRN architectures (the reference's list), not ` +
        `'${arch.name}'; give an explicit list of ${arch.layers.length} group ids instead`,
    );
  }
  const perStage = (Number(match[1]) - 4) / 6;
  const labels: number[] = [];
  let group = 0;
  const alone = () => labels.push(group++);
  alone();
  for (let stage = 0; stage < WRN_STAGES; stage++) {
    alone();
    alone();
    const shortcut = arch.layers[labels.length];
    if (shortcut && shortcut.kind === 'conv' && shortcut.kernel === 1) alone();
    if (perStage > 1) {
      for (let i = 0; i < 2 * (perStage - 1); i++) labels.push(group);
      group++;
    }
  }
  alone();
  if (labels.length !== arch.layers.length) {
    throw new ConfigError(
      `groups 'manual' expects the WRN layer order (stem, 3 stages, classifier) but '${arch.name}' ` +
        `has ${arch.layers.length} layers where ${labels.length} were expected; give an explicit list`,
    );
  }
  return labels;
}
