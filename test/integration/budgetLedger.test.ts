// The Budget screen's ledger stays live while the slider moves (issue #12 item 11): one ledger
// recompute (`inspect`: accounting plus the sharing description, no tensors) of WRN-28-10 takes
// under 16 ms, one frame, for every method. And its refusals write numbers as people read them
// (item 4: "at least 8,729,600", not "8729600").
import { describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfigInput } from '../../src-main/contract/config';
import { inspectConfig } from '../../src-main/services/inspect';

const WRN = { arch: 'wrn-28-10', classes: 100, input: '32x32x3' } as const;

/** Median milliseconds of `inspectConfig` over budgets `percents`, after one warm-up call. */
function medianMs(method: RunConfigInput['method'], percents: number[]): number {
  inspectConfig(parseRunConfig({ ...WRN, method, budget: `${percents[0]}%` }));
  const times = percents.map((p) => {
    const config = parseRunConfig({ ...WRN, method, budget: `${p}%` });
    const start = performance.now();
    inspectConfig(config);
    return performance.now() - start;
  });
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

describe('the budget ledger', () => {
  it.each([
    ['ssn', [1, 2, 5, 8, 10, 15, 20, 30, 50, 80, 120]],
    ['superweights', [40, 45, 50, 60, 70, 80, 90, 100, 120, 150, 200]],
    ['unshared', [10, 10, 10, 10, 10]],
  ] as const)('recomputes WRN-28-10 %s in under 16 ms', (method, percents) => {
    const ms = medianMs(method, [...percents]);
    console.log(`ledger recompute, wrn-28-10 ${method}: median ${ms.toFixed(2)} ms`);
    expect(ms).toBeLessThan(16);
  });

  it('writes the SuperWeights minimum budget with thousands separators', () => {
    expect(() =>
      inspectConfig(parseRunConfig({ ...WRN, method: 'superweights', budget: '5%' })),
    ).toThrow(/raise the budget to at least 8,729,600, use fewer bins/);
  });
});
