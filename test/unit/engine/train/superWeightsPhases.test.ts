import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunConfig, trainingSchema } from '../../../../src-main/contract/config';
import { CheckpointError } from '../../../../src-main/contract/errors';
import { buildArchitecture } from '../../../../src-main/engine/arch/registry';
import { superWeightsConfig } from '../../../../src-main/engine/npas/superweights';
import { mainPhaseSeed } from '../../../../src-main/engine/train/setup';
import {
  describeSharing,
  pretrainedMembers,
  searchTraining,
  SHARING_FILE,
  superWeightsSearchPhase,
} from '../../../../src-main/engine/train/superWeightsPhases';
import type { TrainerData } from '../../../../src-main/engine/train/trainer';

const input = { height: 32, width: 32, channels: 3 };
const wrn = (name: string) => buildArchitecture(name, { classes: 10, input });

describe('the SuperWeights search phase', () => {
  it('pretrains member 0 and the first member of each new depth (superweights.md §2.1)', () => {
    const members = ['wrn-16-4', 'wrn-16-2', 'wrn-10-4', 'wrn-10-2'].map(wrn);
    expect(pretrainedMembers(members, superWeightsConfig())).toEqual([0, 2]);
    const withC = superWeightsConfig({ search: { coefficientThreshold: 0.5 } });
    expect(pretrainedMembers(members, withC)).toEqual([0, 1, 2, 3]);
  });

  it('keeps a step schedule for its epochs and turns cosine into the constant base rate', () => {
    const step = trainingSchema.parse({
      epochs: 200,
      schedule: { type: 'step', milestones: [60, 120] },
    });
    expect(searchTraining(step, 20)).toEqual({ ...step, epochs: 20 });
    const cosine = trainingSchema.parse({ epochs: 200, lr: 0.1 });
    expect(searchTraining(cosine, 20).schedule).toEqual({ type: 'constant' });
    expect(searchTraining(cosine, 20).lr).toBe(0.1);
  });

  it('describes the clusters, the thresholds tried and each member’s clusters in one line', () => {
    const line = describeSharing({
      sharing: {
        clusters: [
          [0, 1, 1, -1],
          [0, 1, -1],
        ],
        coefficientMap: null,
      },
      threshold: 0.1 - 0.15,
      steps: [
        { threshold: 0.1, clusters: 3, need: 1200, referenceNeed: 1500 },
        { threshold: -0.05, clusters: 2, need: 900, referenceNeed: 1000 },
      ],
    });
    expect(line).toBe(
      'search found 2 clusters at τ = -0.05 (τ 0.1: 3 clusters, minimum 1,200; τ -0.05: 2 clusters, minimum 900); member 0: 0,1,1,- | member 1: 0,1,-',
    );
  });

  it('starts the main phase from a seed of its own', () => {
    expect(mainPhaseSeed(5)).toBe(mainPhaseSeed(5));
    expect(mainPhaseSeed(5)).not.toBe(5);
    expect(mainPhaseSeed(5)).not.toBe(mainPhaseSeed(6));
  });

  it('refuses a damaged saved search result with a CheckpointError that names the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npas-sw-sharing-'));
    const config = parseRunConfig({
      arch: 'wrn-10-1',
      method: 'superweights',
      superweights: { search: { epochs: 1 } },
    });
    const data = {} as TrainerData; // never read: the saved file is checked first
    const search = () =>
      superWeightsSearchPhase(config, wrn('wrn-10-1'), data, {
        checkpointDir: dir,
        onEvent: () => {},
      });
    writeFileSync(join(dir, SHARING_FILE), '{"sharing": ');
    await expect(search()).rejects.toThrow(CheckpointError);
    writeFileSync(join(dir, SHARING_FILE), '{"groups": [1, 2]}');
    await expect(search()).rejects.toThrow(
      /superweights-sharing\.json: not a SuperWeights search result/,
    );
  });
});
