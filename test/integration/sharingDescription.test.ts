// One sharing description everywhere (issue #12 item 1): what `npas inspect --json` prints and
// the Budget screen draws (both from `inspect`) equals what the Sharing inspector shows for a run
// that recorded the same model's groups, for SSN (single, type, learned groups) and SuperWeights
// (depth bins, after search, ensembles) on several architectures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inspectCommand } from '../../src-main/cli/commands/inspect';
import { parseRunConfig, type RunConfigInput } from '../../src-main/contract/config';
import { ssnAccounting } from '../../src-main/engine/npas/ssn/ssnAccounting';
import type { Accounting } from '../../src-main/engine/npas/provider';
import { describeSharing } from '../../src-main/engine/npas/sharingDescription';
import { superWeightsAccounting } from '../../src-main/engine/npas/superweights/accounting';
import { depthBins } from '../../src-main/engine/npas/superweights/depthBins';
import { ssnSettings } from '../../src-main/engine/train/methods';
import {
  accountingFor,
  budgetFor,
  modelArchitectures,
  superWeightsFor,
} from '../../src-main/engine/train/setup';
import { sharingReport } from '../../src-main/services/app/sharingReport';
import { inspectConfig } from '../../src-main/services/inspect';
import { groupsFromAccounting } from '../../src-main/services/jobs/jobRecorder';
import { setGroups } from '../../src-main/store';
import { createDb, makeRun } from '../unit/store/helpers/storeFixtures';

const folder = mkdtempSync(join(tmpdir(), 'npas-sharing-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** `npas inspect --json` for `flags`, parsed. */
async function inspectJson(flags: string[]): Promise<{ sharing: unknown }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
  try {
    expect(await inspectCommand([...flags, '--json'])).toBe(0);
  } finally {
    log.mockRestore();
  }
  return JSON.parse(lines.join('\n'));
}

/** The Sharing inspector's main stage for a run that recorded `accounting` at start. */
function inspectorSharing(config: RunConfigInput, accounting: Accounting) {
  const db = createDb();
  const run = makeRun(db, { method: accounting.method, config, arch: String(config.arch) });
  setGroups(db, run.id, 'main', groupsFromAccounting(accounting));
  const report = sharingReport(db, run.id, folder);
  expect(report.notes.filter((n) => /unavailable/.test(n))).toEqual([]);
  return report.stages.find((s) => s.stage === 'main')!.sharing;
}

function flagsOf(config: RunConfigInput): string[] {
  const flags = ['--arch', String(config.arch), '--method', String(config.method)];
  if (config.budget !== undefined) flags.push('--budget', String(config.budget));
  const ssn = config.ssn as { groups?: string } | undefined;
  if (ssn?.groups) flags.push('--groups', ssn.groups);
  const sw = config.superweights as { members?: string } | undefined;
  if (sw?.members) flags.push('--members', sw.members);
  return flags;
}

const CONFIGS: [string, RunConfigInput][] = [
  [
    'SSN single group on wrn-16-2',
    { arch: 'wrn-16-2', method: 'ssn', budget: '10%', ssn: { groups: 'single' } },
  ],
  [
    'SSN type groups on resnet-20',
    { arch: 'resnet-20', method: 'ssn', budget: '25%', ssn: { groups: 'type' } },
  ],
  [
    'SSN type groups on cnn',
    { arch: 'cnn', method: 'ssn', budget: '50%', ssn: { groups: 'type' } },
  ],
  [
    'SuperWeights depth bins on wrn-16-2',
    { arch: 'wrn-16-2', method: 'superweights', budget: '30%' },
  ],
  [
    'SuperWeights depth bins on wrn-10-1',
    { arch: 'wrn-10-1', method: 'superweights', budget: '70%' },
  ],
  [
    'SuperWeights depth bins on resnet-20',
    { arch: 'resnet-20', method: 'superweights', budget: '40%' },
  ],
  [
    'SuperWeights ensemble of wrn-16-2 and wrn-10-2',
    {
      arch: 'wrn-16-2',
      method: 'superweights',
      budget: '60%',
      superweights: { members: 'wrn-16-2,wrn-10-2' },
    },
  ],
];

describe('the sharing description', () => {
  it.each(CONFIGS)(
    'is the same in npas inspect --json, the Budget screen and the Sharing inspector: %s',
    async (_name, input) => {
      const report = inspectConfig(parseRunConfig(input));
      const cli = await inspectJson(flagsOf(input));
      expect(cli.sharing).toEqual(report.sharing);
      // The run records the accounting of the model it trains; here, the config's own.
      expect(inspectorSharing(input, accountingFor(parseRunConfig(input)).accounting)).toEqual(
        report.sharing,
      );
      // Units are what the budget counts: their sizes add up to the budget parameters.
      expect(report.sharing.unitParams).toBe(report.budgetParams);
      for (const layer of report.sharing.layers) {
        for (const unit of layer.units) {
          expect(report.sharing.units.find((u) => u.id === unit)!.layers).toContain(layer.id);
        }
      }
    },
  );

  it('numbers a SuperWeights layer by its cluster and lists the banks it draws on (wrn-16-2 at 30%)', () => {
    const { sharing } = inspectConfig(
      parseRunConfig({ arch: 'wrn-16-2', method: 'superweights', budget: '30%' }),
    );
    expect(sharing.unitKind).toBe('bank');
    for (const layer of sharing.layers.filter((l) => l.units.length)) {
      for (const id of layer.units) {
        const bank = sharing.units.find((u) => u.id === id)!;
        expect(bank.cluster).toBe(layer.cluster);
        expect(bank.label).toBe(`bank ${id} (cluster ${layer.cluster}, width level ${bank.level})`);
      }
    }
  });

  it('agrees for SSN learned groups between the trained model and the Sharing inspector', () => {
    const input: RunConfigInput = {
      arch: 'wrn-16-2',
      method: 'ssn',
      budget: '10%',
      ssn: { groups: 'learned:3' },
    };
    const config = parseRunConfig(input);
    const arch = accountingFor(config).arch;
    // What the k-means search hands the main model: one group id per layer.
    const learned = arch.layers.map((l) => l.id % 3);
    const settings = { ...ssnSettings(config, budgetFor(config, arch)), groups: learned };
    const accounting = ssnAccounting(arch, settings, config.seed);
    const fresh = describeSharing('ssn', accounting.layers);
    expect(fresh.units.map((u) => u.id)).toEqual([0, 1, 2]);
    expect(fresh.unitParams).toBe(accounting.budgetParams);
    expect(inspectorSharing(input, accounting)).toEqual(fresh);
  });

  it('agrees for SuperWeights after the cluster search between the trained model and the Sharing inspector', () => {
    const input: RunConfigInput = {
      arch: 'wrn-16-2',
      method: 'superweights',
      budget: '30%',
      superweights: { bins: 4 },
    };
    const config = parseRunConfig(input);
    const { arch } = accountingFor(config);
    const archs = modelArchitectures(config, arch);
    const settings = { ...superWeightsFor(config, arch), coefficients: 'perLayer' as const };
    // A search result unlike the starting bins: one depth bin instead of four.
    const sharing = {
      clusters: depthBins(archs, 1, false, settings.shareClassifier),
      coefficientMap: null,
    };
    const accounting = superWeightsAccounting(archs, settings, sharing);
    const fresh = describeSharing('superweights', accounting.layers);
    const bins = inspectConfig(config).sharing;
    const clusters = (d: typeof fresh) => new Set(d.layers.map((l) => l.cluster));
    expect(clusters(fresh).size).toBeLessThan(clusters(bins).size);
    expect(fresh.unitParams).toBe(accounting.budgetParams);
    expect(inspectorSharing(input, accounting)).toEqual(fresh);
  });
});
