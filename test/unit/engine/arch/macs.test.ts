import { describe, expect, it } from 'vitest';
import { countMacs } from '../../../../src-main/engine/arch/macs';
import { buildArchitecture } from '../../../../src-main/engine/arch/registry';

const cifar = { height: 32, width: 32, channels: 3 };

describe('countMacs', () => {
  // superweights.md §4.4: conv + FC MACs on 32×32, 100 classes.
  it.each([
    ['wrn-28-7', 2575.0],
    ['wrn-28-4', 845.6],
    ['wrn-16-7', 1187.7],
    ['wrn-16-4', 392.6],
  ] as const)('counts %s at %f M multiply-accumulates', (name, millions) => {
    const macs = countMacs(buildArchitecture(name, { classes: 100, input: cifar }));
    expect(Math.abs(macs.total / 1e6 - millions)).toBeLessThan(0.05);
  });

  it('gives each layer out_h·out_w·O·I·k² (convs) or I·O (dense)', () => {
    const { perLayer, total } = countMacs(
      buildArchitecture('wrn-16-4', { classes: 100, input: cifar }),
    );
    expect(perLayer[0]).toBe(32 * 32 * 16 * 3 * 9);
    expect(perLayer[3]).toBe(32 * 32 * 64 * 16); // 1×1 shortcut
    expect(perLayer[6]).toBe(16 * 16 * 128 * 64 * 9); // stride-2 conv: output is 16×16
    expect(perLayer[16]).toBe(256 * 100);
    expect(perLayer.reduce((a, b) => a + b, 0)).toBe(total);
  });
});
