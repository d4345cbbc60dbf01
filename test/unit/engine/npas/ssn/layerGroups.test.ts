import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../../../../src-main/engine/arch/registry';
import { ssnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import { layerGroups, randomGroups } from '../../../../../src-main/engine/npas/ssn/layerGroups';
import { manualGroups } from '../../../../../src-main/engine/npas/ssn/manualGroups';

const cifar = { classes: 100, input: { height: 32, width: 32, channels: 3 } };
const wrn2810 = buildArchitecture('wrn-28-10', cifar);

describe('layerGroups', () => {
  it("reproduces the reference's 14 manual WRN-28 groups (ssn.md §4.1)", () => {
    expect(manualGroups(wrn2810)).toEqual([
      0, 1, 2, 3, 4, 4, 4, 4, 4, 4, 5, 6, 7, 8, 8, 8, 8, 8, 8, 9, 10, 11, 12, 12, 12, 12, 12, 12,
      13,
    ]);
  });

  it('generalises manual groups to other WRN depths (WRN-16: 14 groups, WRN-10: all alone)', () => {
    const wrn16 = manualGroups(buildArchitecture('wrn-16-4', cifar));
    expect(wrn16).toEqual([0, 1, 2, 3, 4, 4, 5, 6, 7, 8, 8, 9, 10, 11, 12, 12, 13]);
    expect(manualGroups(buildArchitecture('wrn-10-2', cifar))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
  });

  it('puts every conv in one group and the classifier alone for per-type groups, ordered by shape', () => {
    const layout = layerGroups(wrn2810, ssnConfig({ groups: 'type' }));
    expect(layout.slide).toBe(true);
    expect(layout.members[1]).toEqual([28]);
    // Bank order: by shape first appearance, then layer id.
    expect(layout.members[0].slice(0, 10)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9, 3]);
  });

  it('gives one group per distinct shape for per-shape groups', () => {
    const layout = layerGroups(wrn2810, ssnConfig({ groups: 'shape' }));
    expect(layout.members).toHaveLength(11);
    expect(layout.members[2]).toEqual([2, 4, 5, 6, 7, 8, 9]);
  });

  it('draws random groups with every group used, repeatably from the seed', () => {
    const a = randomGroups(29, 6, 1);
    expect(new Set(a).size).toBe(6);
    expect(randomGroups(29, 6, 1)).toEqual(a);
    expect(randomGroups(29, 6, 2)).not.toEqual(a);
    expect(layerGroups(wrn2810, ssnConfig({ groups: 'random', groupCount: 6 }), 1).labels).toEqual(
      a,
    );
  });

  it('uses an explicit list as given, members in layer order', () => {
    const list = Array.from({ length: 29 }, (_, i) => i % 3);
    const layout = layerGroups(wrn2810, ssnConfig({ groups: list }));
    expect(layout.labels).toEqual(list);
    expect(layout.members[1].slice(0, 3)).toEqual([1, 4, 7]);
    expect(layout.slide).toBe(false);
  });
});
