// One formatCount and one formatPercent (issue #9 item 17): the runs screens had their own
// `formatCount` ("1.23M") and `formatPercent` (2 decimals) beside the budget screens' ("1,234,567",
// 1 decimal). Now counts are either exact (formatCount) or compact (formatCompact), both from
// components/format.ts, and the runs helpers keep only what is theirs.
import { describe, expect, it } from 'vitest';
import * as shared from '../../src-renderer/components/format';
import * as runs from '../../src-renderer/features/runs/format';

describe('number formats', () => {
  it('keeps a single formatCount and formatPercent, in components/format.ts', () => {
    expect(Object.keys(runs)).not.toContain('formatCount');
    expect(Object.keys(runs)).not.toContain('formatPercent');
    expect(shared.formatCount(201_728)).toBe('201,728');
    expect(shared.formatPercent(0.9312, 2)).toBe('93.12%');
    expect(shared.formatPercent(0.1234)).toBe('12.3%');
  });

  it('writes compact counts without trailing zeros, and a dash when missing', () => {
    expect(shared.formatCompact(1_234_567)).toBe('1.23M');
    expect(shared.formatCompact(5300)).toBe('5.3k');
    expect(shared.formatCompact(2e9)).toBe('2B');
    expect(shared.formatCompact(999)).toBe('999');
    expect(shared.formatCompact(null)).toBe('—');
  });
});
