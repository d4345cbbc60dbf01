import { describe, expect, it } from 'vitest';
import { ArchitectureError, ConfigError } from '../../../../src-main/contract/errors';
import {
  ARCHITECTURE_PRESETS,
  buildArchitecture,
  formatInputShape,
  parseInputShape,
} from '../../../../src-main/engine/arch/registry';
import { unsharedParams } from '../../../../src-main/engine/arch/types';

const cifar = { height: 32, width: 32, channels: 3 };
const fashion = { height: 28, width: 28, channels: 1 };

describe('buildArchitecture', () => {
  it('builds wrn-D-K, resnet-D, mlp and cnn by name with canonical ids', () => {
    expect(buildArchitecture('wrn-28-10', { classes: 100, input: cifar }).name).toBe('wrn-28-10');
    expect(buildArchitecture(' WRN-16-4 ', { classes: 10, input: cifar }).name).toBe('wrn-16-4');
    expect(buildArchitecture('resnet-20', { classes: 10, input: cifar }).family).toBe('resnet');
    expect(buildArchitecture('resnet-8', { classes: 10, input: cifar }).layers).toHaveLength(8);
    expect(buildArchitecture('resnet-20-b', { classes: 10, input: cifar }).name).toBe(
      'resnet-20-b',
    );
    expect(buildArchitecture('mlp', { classes: 10, input: fashion }).family).toBe('mlp');
    expect(buildArchitecture('cnn', { classes: 10, input: fashion }).family).toBe('cnn');
  });

  it('counts the MLP as 784·256 + 256 + 256·128 + 128 + 128·10 + 10 = 235,146 on 28×28×1', () => {
    const arch = buildArchitecture('mlp', { classes: 10, input: fashion });
    expect(unsharedParams(arch)).toBe(235_146);
    expect(arch.norms).toHaveLength(0);
  });

  it('counts the CNN at 29,178 parameters on 28×28×1 with 10 classes', () => {
    // convs 9·16 + 9·16·32 + 9·32·64, BN 2·(16+32+64), classifier (3·3·64)·10 + 10.
    const arch = buildArchitecture('cnn', { classes: 10, input: fashion });
    expect(unsharedParams(arch)).toBe(144 + 4608 + 18432 + 224 + 5770);
    expect(arch.layers.map((l) => l.inputSize?.height)).toEqual([28, 14, 7, 1]);
    expect(arch.layers[3].inChannels).toBe(3 * 3 * 64);
  });

  it('fills inputSize on every layer', () => {
    for (const preset of ARCHITECTURE_PRESETS) {
      const arch = buildArchitecture(preset.name, { classes: 10, input: cifar });
      expect(arch.layers.every((l) => l.inputSize !== undefined)).toBe(true);
    }
  });

  it('rejects an unknown name listing the valid forms', () => {
    expect(() => buildArchitecture('vgg-16', { classes: 10, input: cifar })).toThrow(
      ArchitectureError,
    );
    expect(() => buildArchitecture('vgg-16', { classes: 10, input: cifar })).toThrow(
      /unknown architecture 'vgg-16'.*wrn-D-K.*resnet-D.*mlp.*cnn/,
    );
  });

  it('rejects a WRN depth that is not 6n+4 and a ResNet depth that is not 6n+2', () => {
    expect(() => buildArchitecture('wrn-27-10', { classes: 10, input: cifar })).toThrow(/22 or 28/);
    expect(() => buildArchitecture('resnet-21', { classes: 10, input: cifar })).toThrow(/20 or 26/);
  });

  it('rejects a class count of 0 and an input width of 0', () => {
    expect(() => buildArchitecture('mlp', { classes: 0, input: cifar })).toThrow(/class count 0/);
    expect(() => buildArchitecture('mlp', { classes: 10, input: { ...cifar, width: 0 } })).toThrow(
      /input width 0/,
    );
  });

  it('offers presets that all build, each with a description', () => {
    expect(ARCHITECTURE_PRESETS.length).toBeGreaterThanOrEqual(6);
    for (const preset of ARCHITECTURE_PRESETS) {
      expect(preset.description.length).toBeGreaterThan(10);
      expect(buildArchitecture(preset.name, { classes: 100, input: cifar }).name).toBe(preset.name);
    }
  });
});

describe('parseInputShape', () => {
  it('reads 32x32x3, 28 × 28 × 1 and round-trips through formatInputShape', () => {
    expect(parseInputShape('32x32x3')).toEqual(cifar);
    expect(parseInputShape(' 28 × 28 × 1 ')).toEqual(fashion);
    expect(formatInputShape(parseInputShape('64x48x3'))).toBe('64x48x3');
  });

  it.each(['32x32', '32x32x0', 'axbxc', '32x32x3x1', '', '3.5x4x1', '-1x4x3'])(
    "rejects '%s' with a ConfigError",
    (text) => {
      expect(() => parseInputShape(text)).toThrow(ConfigError);
      expect(() => parseInputShape(text)).toThrow(/e\.g\. '32x32x3'/);
    },
  );
});
