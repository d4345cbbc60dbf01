// `--member K` / `--subset A,B` parsing: one or the other, digits only, the value named.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src-main/contract/errors';
import { parseMemberFlags } from '../../../src-main/services/exports/memberFlags';

describe('member flags', () => {
  it('reads --member K and --subset A,B as member lists, and neither as all members', () => {
    expect(parseMemberFlags('2')).toEqual([2]);
    expect(parseMemberFlags(undefined, '0,2')).toEqual([0, 2]);
    expect(parseMemberFlags()).toBeUndefined();
  });

  it('refuses both flags at once and values that are not indices, naming them', () => {
    expect(() => parseMemberFlags('1', '0,2')).toThrow(ConfigError);
    expect(() => parseMemberFlags('-1')).toThrow('--member "-1" is not a member index');
    expect(() => parseMemberFlags(undefined, '0;2')).toThrow(
      '--subset "0;2" is not a comma-separated list',
    );
  });
});
