// `npas --version` answers without loading TensorFlow.js (issue #15, issue #9 item 18): commands
// are imported only when run, so the version line a bug report needs costs no tfjs start-up.
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../src-main/cli/main';

const require = createRequire(import.meta.url);

describe('npas --version', () => {
  it('prints the versions without loading TensorFlow.js', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await main(['--version'])).toBe(0);
    expect(log.mock.calls[0][0]).toMatch(/^NPAS Studio \d+\.\d+\.\d+/);
    const tfjs = Object.keys(require.cache).filter((path) => path.includes('@tensorflow'));
    expect(tfjs).toEqual([]);
    log.mockRestore();
  });
});
