import { describe, expect, it } from 'vitest';
import { newRunId } from '../../../src-main/store/runId';

describe('newRunId', () => {
  it('makes 26-character Crockford base32 ids that sort by creation time', () => {
    const early = newRunId(1_700_000_000_000);
    const late = newRunId(1_700_000_000_001);
    expect(early).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(early.slice(0, 10)).toBe('01HF7YAT00');
    expect(early < late).toBe(true);
  });

  it('does not repeat within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newRunId(42)));
    expect(ids.size).toBe(1000);
  });
});
