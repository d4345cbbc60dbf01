// The app service's domains in services/app/ on their own (issue #9 item 19): the event hub
// keeps delivering when one subscriber throws, and the data-folder session switches folders only
// when the new one opens and the settings are saved, leaving the old one in use otherwise.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEventEnvelope } from '../../../../src-main/contract/events';
import { createDataFolderSession } from '../../../../src-main/services/app/dataFolderSession';
import { createEventHub } from '../../../../src-main/services/app/eventHub';
import { exportName } from '../../../../src-main/services/app/exportMethods';
import { runMethods } from '../../../../src-main/services/app/runMethods';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));
function temp(): string {
  const folder = mkdtempSync(join(tmpdir(), 'npas-app-'));
  folders.push(folder);
  return folder;
}

const settingsChanged = { name: 'settings.changed', payload: {} } as unknown as AppEventEnvelope;

describe('event hub', () => {
  it('delivers to every subscriber even when one throws, and stops after unsubscribe', async () => {
    const hub = createEventHub();
    const seen: string[] = [];
    const thrown: unknown[] = [];
    const onError = (error: unknown) => thrown.push(error);
    process.on('uncaughtException', onError);
    try {
      hub.subscribe(() => {
        throw new Error('a broken transport');
      });
      const off = hub.subscribe((e) => seen.push(e.name));
      hub.emit(settingsChanged);
      off();
      hub.emit(settingsChanged);
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(seen).toEqual(['settings.changed']);
    expect(thrown.map((e) => (e as Error).message)).toEqual([
      'a broken transport',
      'a broken transport',
    ]);
  });
});

describe('data folder session', () => {
  it('switches to a new folder only when it opens and the commit succeeds', async () => {
    const first = join(temp(), 'a');
    const session = createDataFolderSession(first, null, { runQueue: false }, createEventHub());
    expect(session.context?.dir.path).toBe(first);

    const file = join(temp(), 'not-a-folder');
    writeFileSync(file, '');
    await expect(session.switchTo(file, () => {})).rejects.toThrow(/not-a-folder/);
    const second = join(temp(), 'b');
    await expect(
      session.switchTo(second, () => {
        throw new Error('settings not saved');
      }),
    ).rejects.toThrow(/settings not saved/);
    expect(session.active).toBe(first);
    expect(session.context?.dir.path).toBe(first);

    await session.switchTo(second, () => {});
    expect(session.active).toBe(second);
    expect(session.context?.dir.path).toBe(second);
    await session.close();
    expect(() => session.need()).toThrow(
      /the data folder .*b is not usable \(the app is closing\)/,
    );
  });

  it('reports an unusable folder by name from the runs methods', async () => {
    const file = join(temp(), 'file');
    writeFileSync(file, '');
    const session = createDataFolderSession(file, null, { runQueue: false }, createEventHub());
    expect(session.context).toBeNull();
    await expect(runMethods(session).listRuns({})).rejects.toThrow(
      new RegExp(`the data folder ${file} is not usable`),
    );
  });
});

describe('export file names', () => {
  it('stamp the stem with the UTC time', () => {
    expect(exportName('npas-runs', 'csv')).toMatch(
      /^npas-runs-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.csv$/,
    );
  });
});
