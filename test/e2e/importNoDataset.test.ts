// Issue #12 item 9 end to end, in Chromium against `npas serve`: importing /etc (and a temp
// folder of unrelated files and sub-folders) answers "no dataset recognised here" with the
// layouts looked for, not an error about one of its sub-folders (before: "/etc/ODBCDataSources:
// empty class folder"). Saves import-no-dataset-{light,dark}.png.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenshotThemes } from './helpers/browser';
import { type ServeHandle } from './helpers/serveProcess';
import { formField, openStudio } from './helpers/screens';

let server: ServeHandle;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const junk = mkdtempSync(join(tmpdir(), 'npas-e2e-junk-'));

function field(label: string) {
  return formField(page, label);
}

async function importFolder(path: string): Promise<string> {
  await field('Folder path').fill(path);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const note = page.getByRole('alert', { name: 'Import error' });
  await expect.poll(() => note.textContent()).toContain(`${path}: no dataset recognised here`);
  return (await note.textContent()) ?? '';
}

describe('importing a folder that holds no dataset', () => {
  beforeAll(async () => {
    mkdirSync(join(junk, 'notes'));
    writeFileSync(join(junk, 'notes/todo.txt'), 'buy milk');
    writeFileSync(join(junk, 'README'), 'not a dataset');
    ({ server, browser, page } = await openStudio());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/#/run`);
    await page.getByRole('heading', { level: 1, name: 'Run' }).waitFor();
    await page.getByText('Import a dataset…').click();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(junk, { recursive: true, force: true });
  });

  it('answers "no dataset recognised here" for a temp folder of junk, with what was looked for', async () => {
    const text = await importFolder(junk);
    expect(text).not.toContain('notes');
    for (const layout of [
      'IDX files',
      'CIFAR-10 binary batches',
      'CIFAR-100 binary batches',
      'one sub-folder of images per class',
    ]) {
      expect(text).toContain(layout);
    }
  });

  it('answers "no dataset recognised here" for /etc, not an error about one of its sub-folders', async () => {
    const text = await importFolder('/etc');
    expect(text).not.toMatch(/\/etc\/[^:]+:/);
    expect(text).not.toContain('class folder:');
    await screenshotThemes(page, 'import-no-dataset');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
