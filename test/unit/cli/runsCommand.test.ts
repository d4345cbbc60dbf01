// `npas runs` on a seeded data folder, in this process: a note longer than the API's limit is
// refused with exit code 2 (issue #9 item 5), and `show`, `list` and `note` strip terminal
// escape sequences from names, notes and tags (issue #9 item 9) while --json stays exact.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../helpers/cliInProcess';
import { stripTerminalControls } from '../../../src-main/cli/commands/runsText';
import { MAX_NOTE_CHARS } from '../../../src-main/contract/noteLimit';
import { openDataDir } from '../../../src-main/services/dataDir';
import { addTag, insertRun, requireRun, setNote, type RunId } from '../../../src-main/store';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));

/** A data folder holding one run; returns its path and the run id. */
function seeded(name: string, note = '', tag?: string): { dir: string; id: RunId } {
  const dir = mkdtempSync(join(tmpdir(), 'npas-cli-runs-'));
  folders.push(dir);
  const data = openDataDir(dir);
  const { id } = insertRun(data.db, {
    name,
    method: 'unshared',
    arch: 'cnn',
    dataset: 'mnist',
    config: {},
    configSchemaVersion: 1,
    seed: 1,
  });
  if (note) setNote(data.db, id, note);
  if (tag) addTag(data.db, id, tag);
  data.close();
  return { dir, id };
}

function runs(args: string[]) {
  return runCliInProcess(['runs', ...args]);
}

const NASTY =
  'evil\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x1b[0m\x9b31m\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\x08\x00\r';

describe('npas runs note', () => {
  it('refuses a note longer than the API limit with exit code 2, naming both, and stores nothing', async () => {
    const { dir, id } = seeded('r', 'kept');
    const long = 'x'.repeat(MAX_NOTE_CHARS + 1);
    const result = await runs(['note', id, long, '--data-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/a note of 100,001 characters is too long: at most 100,000/);
    const data = openDataDir(dir);
    expect(requireRun(data.db, id).note).toBe('kept');
    data.close();
    expect((await runs(['note', id, 'x'.repeat(MAX_NOTE_CHARS), '--data-dir', dir])).code).toBe(0);
  });
});

describe('terminal escape sequences', () => {
  it('are stripped from the name, note and tags that runs show, list and note print', async () => {
    const { dir, id } = seeded(`name ${NASTY}`, `line one ${NASTY}\n\tline two`, `t${NASTY}`);
    const show = await runs(['show', id, '--data-dir', dir]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('name evil');
    expect(show.stdout).toContain('line one evilredlink');
    expect(show.stdout).toContain('\tline two');
    const list = await runs(['list', '--data-dir', dir]);
    const note = await runs(['note', id, '--data-dir', dir]);
    for (const out of [show.stdout, list.stdout, note.stdout]) {
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    }
    const json = await runs(['show', id, '--json', '--data-dir', dir]);
    expect(JSON.parse(json.stdout).run.name).toBe(`name ${NASTY}`);
  });

  it('strip CSI, OSC (BEL or ST ended, or unterminated), C1 and C0 controls, keeping tab and newline', () => {
    expect(stripTerminalControls('a\x1b[1;31mb\x1b[0m')).toBe('ab');
    expect(stripTerminalControls('a\x1b]52;c;aGk=\x07b')).toBe('ab');
    expect(stripTerminalControls('a\x1b]0;title\x1b\\b')).toBe('ab');
    expect(stripTerminalControls('a\x1b]0;never ends')).toBe('a');
    expect(stripTerminalControls('a\x9b2Jb\x85c\x9d0;t\x9cd')).toBe('abcd');
    expect(stripTerminalControls('tab\there\nnext\r\x07\x7f')).toBe('tab\there\nnext');
    expect(stripTerminalControls('plain – ünïcode ✓')).toBe('plain – ünïcode ✓');
  });
});
