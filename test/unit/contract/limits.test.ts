// Issue #9 item 4, defence in depth: the engine's builders and budget resolution refuse values
// over contract/limits.ts's limits by themselves (before building anything), whatever edge the
// value came through; and the JSON depth scan measures nesting without being fooled by strings.
import { describe, expect, it } from 'vitest';
import { jsonTextDepth, LIMITS, LimitError, valueDepth } from '../../../src-main/contract/limits';
import { buildDesign } from '../../../src-main/engine/arch/design';
import { buildArchitecture } from '../../../src-main/engine/arch/registry';
import { resolveBudget } from '../../../src-main/engine/npas/budget';

const input = { height: 32, width: 32, channels: 3 };

describe('limits in the engine', () => {
  it('refuses wrn-D-K with a huge depth or width before building anything', () => {
    expect(() =>
      buildArchitecture('wrn-1000000000000000000000000000000-1', { classes: 10, input }),
    ).toThrow(new LimitError('WRN depth', 1e30, LIMITS.wrnDepth));
    expect(() => buildArchitecture('wrn-16-65', { classes: 10, input })).toThrow(
      /WRN width 65 is over the limit of 64/,
    );
    expect(() => buildArchitecture('resnet-1208', { classes: 10, input })).toThrow(
      /ResNet depth 1208 is over the limit of 1202/,
    );
  });

  it('refuses class counts and input sides over the limits in every builder', () => {
    expect(() => buildArchitecture('mlp', { classes: 100_001, input })).toThrow(
      /classes 100001 is over the limit of 100000/,
    );
    const wide = { height: 32, width: 4097, channels: 3 };
    expect(() => buildArchitecture('cnn', { classes: 10, input: wide })).toThrow(
      /input width 4097 is over the limit of 4096/,
    );
  });

  it('refuses a design over the layer count or width limits', () => {
    const layers = Array.from({ length: 257 }, () => ({ type: 'flatten' as const }));
    expect(() => buildDesign({ input, classes: 10, layers })).toThrow(
      /design layer count 257 is over the limit of 256/,
    );
    expect(() =>
      buildDesign({ input, classes: 10, layers: [{ type: 'conv', filters: 70_000, kernel: 3 }] }),
    ).toThrow(/design layer 0 \(conv\): filters 70000 is over the limit of 65536/);
  });

  it('refuses a budget over the limits, given or resolved from a percentage', () => {
    expect(() => resolveBudget(2e9, 1000)).toThrow(/budget 2000000000 is over the limit/);
    expect(() => resolveBudget('1001%', 1000)).toThrow(
      /budget percentage 1001 is over the limit of 1000/,
    );
    expect(() => resolveBudget('1000%', 2e8)).toThrow(
      /1000% of 200000000 parameters, i.e. 2000000000 is over the limit of 1000000000/,
    );
    expect(resolveBudget('1000%', 1000)).toBe(10_000);
  });
});

describe('JSON nesting depth', () => {
  it('counts nesting in a text, ignoring brackets inside strings', () => {
    expect(jsonTextDepth('{"a": [1, {"b": "[[[[{{{{"}]}')).toBe(3);
    expect(jsonTextDepth('"\\\\"')).toBe(0);
    expect(jsonTextDepth('[1]')).toBe(1);
  });

  it('stops counting one past the limit, so a huge nesting costs nothing', () => {
    expect(jsonTextDepth('['.repeat(1_000_000))).toBe(LIMITS.jsonDepth + 1);
    let deep: unknown = 0;
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    expect(valueDepth(deep)).toBe(LIMITS.jsonDepth + 1);
    expect(valueDepth({ a: [1, { b: 2 }] })).toBe(3);
  });
});
