import { describe, expect, it } from 'vitest';
import { ArchitectureError } from '../../../../src-main/contract/errors';
import { buildWrn, checkWrnDepth } from '../../../../src-main/engine/arch/wrn';
import { unsharedParams, weightShape } from '../../../../src-main/engine/arch/types';

const cifar = { height: 32, width: 32, channels: 3 };

describe('buildWrn', () => {
  // docs/methods/golden.json "unshared", measured from the reference implementations.
  it.each([
    ['wrn-28-10', 100, 36_536_884],
    ['wrn-28-10', 10, 36_479_194],
    ['wrn-16-8', 100, 11_007_540],
    ['wrn-40-4', 100, 8_972_340],
    ['wrn-28-4', 100, 5_872_180],
    ['wrn-28-7', 100, 17_925_940],
    ['wrn-16-7', 100, 8_436_404],
    ['wrn-16-4', 100, 2_772_020],
  ] as const)(
    'gives %s with %i classes exactly the reference unshared count (%i)',
    (name, classes, params) => {
      const [, depth, widen] = name.split('-').map(Number);
      expect(unsharedParams(buildWrn(depth, widen, { classes, input: cifar }))).toBe(params);
    },
  );

  it('lists the 29 layers of WRN-28-10 with the ids and shapes of ssn.md §5', () => {
    const arch = buildWrn(28, 10, { classes: 100, input: cifar });
    const expected: number[][] = [
      [16, 3, 3, 3],
      [160, 16, 3, 3],
      [160, 160, 3, 3],
      [160, 16, 1, 1],
    ];
    for (let i = 4; i <= 9; i++) expected.push([160, 160, 3, 3]);
    expected.push([320, 160, 3, 3], [320, 320, 3, 3], [320, 160, 1, 1]);
    for (let i = 13; i <= 18; i++) expected.push([320, 320, 3, 3]);
    expected.push([640, 320, 3, 3], [640, 640, 3, 3], [640, 320, 1, 1]);
    for (let i = 22; i <= 27; i++) expected.push([640, 640, 3, 3]);
    expected.push([100, 640]);
    expect(arch.layers.map(weightShape)).toEqual(expected);
    expect(arch.layers.map((l) => l.id)).toEqual(expected.map((_, i) => i));
    expect([10, 12, 19, 21].map((i) => arch.layers[i].stride)).toEqual([2, 2, 2, 2]);
    expect(arch.layers.filter((l) => l.stride === 2)).toHaveLength(4);
    expect(arch.layers.map((l) => l.name).slice(0, 4)).toEqual([
      'stem',
      'stage1.block0.conv1',
      'stage1.block0.conv2',
      'stage1.block0.shortcut',
    ]);
    expect(arch.layers[28]).toMatchObject({ name: 'classifier', kind: 'dense', bias: true });
    expect(
      arch.layers.slice(0, 28).every((l) => !l.bias && l.padding === (l.kernel === 3 ? 1 : 0)),
    ).toBe(true);
  });

  it('numbers the shortcuts of WRN-16-7 as layers 3, 8 and 13 (superweights.md §1.1)', () => {
    const arch = buildWrn(16, 7, { classes: 100, input: cifar });
    const shortcuts = arch.layers.filter((l) => l.name.endsWith('shortcut')).map((l) => l.id);
    expect(shortcuts).toEqual([3, 8, 13]);
    expect(arch.layers).toHaveLength(17);
  });

  it('fills every layer input size: 32, then 16 and 8 after each stride-2 stage', () => {
    const arch = buildWrn(28, 10, { classes: 100, input: cifar });
    expect(arch.layers[9].inputSize).toEqual({ height: 32, width: 32 });
    expect(arch.layers[10].inputSize).toEqual({ height: 32, width: 32 });
    expect(arch.layers[11].inputSize).toEqual({ height: 16, width: 16 });
    expect(arch.layers[20].inputSize).toEqual({ height: 8, width: 8 });
  });

  it('wires a pre-activation block with the shortcut on the activated input', () => {
    const arch = buildWrn(10, 2, { classes: 10, input: cifar });
    const shortcut = arch.nodes.find((n) => n.op === 'conv' && n.layer === 3);
    const conv1 = arch.nodes.find((n) => n.op === 'conv' && n.layer === 1);
    expect(shortcut && 'input' in shortcut && conv1 && 'input' in conv1).toBe(true);
    if (shortcut?.op !== 'conv' || conv1?.op !== 'conv') return;
    expect(shortcut.input).toBe(conv1.input);
    expect(arch.nodes[shortcut.input]).toMatchObject({ op: 'relu' });
  });

  it('rejects depth 27 naming the nearest valid depths 22 and 28', () => {
    expect(() => checkWrnDepth(27)).toThrow(ArchitectureError);
    expect(() => checkWrnDepth(27)).toThrow(/depth 27.*22 or 28/);
    expect(() => checkWrnDepth(4)).toThrow(/nearest valid: 10/);
    expect(checkWrnDepth(28)).toBe(4);
  });

  it('rejects a widening factor of 0', () => {
    expect(() => buildWrn(16, 0, { classes: 10, input: cifar })).toThrow(/widening factor 0/);
  });
});
