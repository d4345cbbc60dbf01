// Full validation of an SSN configuration against an architecture: settings, groups, budget split
// and every layer's resizing, by planning it (the plan raises the typed errors). ssn.md §9.
import type { Architecture } from '../../arch/types';
import type { SsnConfig } from './config';
import { checkSettings } from './checkSettings';
import { checkGroupCount } from './layerGroups';
import { planSearch, planSsn } from './planSsn';

/**
 * Throws ConfigError or BudgetError for the first invalid value. `learned` groups validate the
 * search model and the group count (the final partition is known only after the search).
 */
export function validateSsnConfig(arch: Architecture, config: SsnConfig, seed = 0): void {
  if (config.groups === 'learned') {
    checkSettings(config);
    checkGroupCount(arch, 'learned', config.groupCount);
    planSearch(arch, config);
    return;
  }
  planSsn(arch, config, seed);
}
