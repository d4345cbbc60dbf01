// The Design and Budget screens' part of the AppApi: architecture and run presets, a user
// design's table, and a config's parameter accounting with its budget regime.
import type { AppApi } from '../../contract/appApi';
import { parseRunConfig } from '../../contract/config';
import type { ArchitecturePresetWire, InspectReportWire } from '../../contract/wire';
import { ARCHITECTURE_PRESETS } from '../../engine/arch/registry';
import { budgetRegime } from '../../engine/npas/budget';
import { inspectConfig } from '../inspect';
import { listPresets, loadPreset } from '../presets';
import { describeDesign } from './describeDesign';

/** Presets the Design screen offers, with the input CIFAR networks default to. */
function architecturePresets(): ArchitecturePresetWire[] {
  return ARCHITECTURE_PRESETS.map((p) => ({
    ...p,
    defaultInput: /^(wrn|resnet)-/.test(p.name) ? '32x32x3' : null,
  }));
}

export function designMethods(): Pick<
  AppApi,
  'listArchitecturePresets' | 'listRunPresets' | 'describeDesign' | 'inspect'
> {
  return {
    async listArchitecturePresets() {
      return architecturePresets();
    },
    async listRunPresets() {
      return listPresets().map((name) => ({ name, config: loadPreset(name) }));
    },
    async describeDesign(request) {
      return describeDesign(request);
    },
    async inspect(config): Promise<InspectReportWire> {
      const report = inspectConfig(parseRunConfig(config));
      const budget = report.accounting.requestedBudget;
      return {
        ...report,
        regime: budget === null ? null : budgetRegime(budget, report.unsharedParams),
      };
    },
  };
}
