// Where `npas serve` takes its token from (issue #9, item 3): --token-file or NPAS_TOKEN keep it
// out of the process list; a missing or empty token file is a ConfigError (exit 2) naming it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../src-main/contract/errors';
import { main } from '../../../src-main/cli/main';
import { serveToken } from '../../../src-main/cli/commands/serveToken';
import { cleanup, tempDir } from '../../integration/server/helpers';

afterAll(cleanup);

describe('the token of npas serve', () => {
  it('reads the token from --token-file (trimmed) or NPAS_TOKEN, and --token last of all', () => {
    const file = join(tempDir(), 'token');
    writeFileSync(file, 'from-the-file-123\n');
    expect(serveToken({ 'token-file': file }, {})).toBe('from-the-file-123');
    expect(serveToken({}, { NPAS_TOKEN: 'from-the-environment' })).toBe('from-the-environment');
    // A flag wins over the environment (the caller chose it for this run).
    expect(serveToken({ 'token-file': file }, { NPAS_TOKEN: 'from-the-environment' })).toBe(
      'from-the-file-123',
    );
    expect(serveToken({ token: 'on-the-command-line' }, {})).toBe('on-the-command-line');
    expect(serveToken({}, {})).toBeUndefined();
  });

  it('refuses a missing, empty or too short token file or NPAS_TOKEN, and two token flags at once', () => {
    const dir = tempDir();
    const missing = join(dir, 'no-such-token');
    const empty = join(dir, 'empty-token');
    writeFileSync(empty, ' \n');
    expect(() => serveToken({ 'token-file': missing }, {})).toThrow(ConfigError);
    expect(() => serveToken({ 'token-file': missing }, {})).toThrow(
      `--token-file ${missing} cannot be read (ENOENT)`,
    );
    expect(() => serveToken({ 'token-file': empty }, {})).toThrow(
      `--token-file ${empty} is empty; write the token into it`,
    );
    expect(() => serveToken({ 'token-file': '' }, {})).toThrow(/--token-file cannot be empty/);
    expect(() => serveToken({}, { NPAS_TOKEN: '  ' })).toThrow(/NPAS_TOKEN is set but empty/);
    expect(() => serveToken({}, { NPAS_TOKEN: 'short' })).toThrow(
      'NPAS_TOKEN is 5 characters; use at least 8',
    );
    const short = join(dir, 'short-token');
    writeFileSync(short, 'abc\n');
    expect(() => serveToken({ 'token-file': short }, {})).toThrow(
      `the token in ${short} is 3 characters; use at least 8`,
    );
    expect(() => serveToken({ token: 'abcdefgh', 'token-file': empty }, {})).toThrow(
      /give either --token or --token-file, not both/,
    );
  });

  it('exits 2 with one line naming the file when `npas serve --token-file` cannot be read', async () => {
    const missing = join(tempDir(), 'no-such-token');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const code = await main(['serve', '--port', '0', '--token-file', missing]);
      expect(code).toBe(2);
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
        `npas serve: --token-file ${missing} cannot be read (ENOENT)`,
      ]);
    } finally {
      errors.mockRestore();
    }
  });
});
