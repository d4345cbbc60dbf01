// `--member K` and `--subset 0,2` (one of them) as a member list, with typed errors that name
// the offending value; the range is checked later against the network's ensemble size.
import { ConfigError } from '../../contract/errors';

/** The members asked for, or undefined for all. */
export function parseMemberFlags(member?: string, subset?: string): number[] | undefined {
  if (member !== undefined && subset !== undefined) {
    throw new ConfigError('give --member K or --subset A,B, not both');
  }
  const text = member ?? subset;
  if (text === undefined) return undefined;
  const flag = member !== undefined ? '--member' : '--subset';
  const pattern = member !== undefined ? /^\d+$/ : /^\d+(,\d+)*$/;
  if (!pattern.test(text)) {
    throw new ConfigError(
      `${flag} "${text}" is not ${member !== undefined ? 'a member index' : 'a comma-separated list of member indices'}`,
    );
  }
  return text.split(',').map(Number);
}
