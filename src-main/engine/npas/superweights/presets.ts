// The reference README's SuperWeights configurations as data (superweights.md §5.2): the
// 4-member multi-depth/width ensemble and the 3-member multi-width ensemble, both with an 18M
// bank budget, 4 depth bins and the README's search and unsharing settings, on CIFAR-100.
import type { SuperWeightsConfigInput } from './config';

export interface SuperWeightsPreset {
  name: string;
  description: string;
  classes: number;
  config: SuperWeightsConfigInput;
}

const README_SEARCH: SuperWeightsConfigInput = {
  budget: 18_000_000,
  bins: 4,
  kernelsApart: true,
  maxTemplates: 8,
  allocation: 'breadthFirst',
  coefficientShare: true,
  search: { epochs: 20, thresholdStart: 0.1, thresholdDecrement: 0.05, coefficientThreshold: null },
  unshare: { epoch: 10, period: 0, threshold: 0.9 },
};

export const SUPERWEIGHTS_PRESETS: readonly SuperWeightsPreset[] = [
  {
    name: 'multi-depth-width',
    description: 'README Multi-Depth/Width: WRN-28-7, 28-4, 16-7, 16-4 on 18M bank parameters',
    classes: 100,
    config: { ...README_SEARCH, members: ['wrn-28-7', 'wrn-28-4', 'wrn-16-7', 'wrn-16-4'] },
  },
  {
    name: 'multi-width',
    description: 'README Multi-Width: WRN-28-7, 28-4, 28-3 on 18M bank parameters',
    classes: 100,
    config: { ...README_SEARCH, members: ['wrn-28-7', 'wrn-28-4', 'wrn-28-3'] },
  },
];

/** The preset called `name` ('multi-depth-width', 'multi-width'; a 'readme-' prefix is accepted). */
export function superWeightsPreset(name: string): SuperWeightsPreset | undefined {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/^readme-/, '');
  return SUPERWEIGHTS_PRESETS.find((p) => p.name === key);
}
