// Issue #12 item 6 end to end, in Chromium against `npas serve` at a 1440 px viewport: the runs
// table's name column stays in view when the table is scrolled sideways, search finds runs by a
// tag and by "superweights", and "Group by seed" shows one row per setup with mean ± std.
// Runs are written straight into the served data folder. Saves runs-table-{light,dark}.png.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenshotThemes } from './helpers/browser';
import type { ServeHandle } from './helpers/serveProcess';
import { openStudio } from './helpers/screens';
import { addTag, insertRun, openDatabase, updateRunSummary } from '../../src-main/store';
import { DATABASE_FILE } from '../../src-main/services/dataDir';

let server: ServeHandle;
let browser: Browser;
let page: Page;

/** Three seeds of an SSN setup, two of a SuperWeights one; one run tagged "paper-figure". */
function seedRuns(dataDir: string): void {
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  const setups = [
    { method: 'ssn' as const, seeds: [1, 2, 3], vals: [0.6, 0.7, 0.8] },
    { method: 'superweights' as const, seeds: [1, 2], vals: [0.75, 0.85] },
  ];
  let minute = 0;
  for (const { method, seeds, vals } of setups) {
    seeds.forEach((seed, k) => {
      const row = insertRun(db, {
        name: `cnn ${method === 'ssn' ? 'shared' : 'banked'} seed ${seed}`,
        method,
        arch: 'cnn',
        dataset: 'sample',
        budgetRequested: '10%',
        budgetParams: 20_000,
        config: { arch: 'cnn', method, seed, training: { lr: 0.05, epochs: 2, batchSize: 16 } },
        configSchemaVersion: 1,
        seed,
        createdAt: Date.UTC(2026, 0, 1) + minute++ * 60_000,
      });
      updateRunSummary(db, row.id, { bestValTop1: vals[k], durationSeconds: 90, epochsDone: 2 });
      if (method === 'ssn' && seed === 2) addTag(db, row.id, 'paper-figure');
    });
  }
  db.close();
}

// Expressions as strings: this file is type-checked without the DOM library.
const GRID = `document.querySelector('[role="grid"][aria-label="Runs"]')`;
const bodyRows = () => page.locator('[role="rowgroup"] [role="row"]');

async function search(text: string): Promise<void> {
  await page.getByRole('searchbox').fill(text);
  // Filters apply as you type (debounced); wait for the table to show the answer.
  await page.waitForTimeout(600);
}

describe('the runs table at 1440 px', () => {
  beforeAll(async () => {
    ({ server, browser, page } = await openStudio({ width: 1440, height: 900 }));
    seedRuns(server.dataDir);
    await page.goto(`${server.url}/#/runs`);
    await bodyRows().first().waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('keeps the name column in view when the table is scrolled sideways', async () => {
    const grid = page.getByRole('grid', { name: 'Runs' });
    const gridBox = (await grid.boundingBox())!;
    const before = (await page
      .getByRole('gridcell', { name: 'cnn shared seed 1', exact: true })
      .boundingBox())!;
    const scrollable = Number(await page.evaluate(`${GRID}.scrollWidth - ${GRID}.clientWidth`));
    expect(scrollable).toBeGreaterThan(0);
    await page.evaluate(`${GRID}.scrollLeft = ${GRID}.scrollWidth`);
    await page.waitForTimeout(100);
    const after = (await page
      .getByRole('gridcell', { name: 'cnn shared seed 1', exact: true })
      .boundingBox())!;
    expect(after.x).toBeCloseTo(before.x, 0);
    expect(after.x).toBeGreaterThanOrEqual(gridBox.x);
    // The far columns are now in view too.
    const tags = (await page
      .getByRole('gridcell', { name: 'paper-figure', exact: true })
      .boundingBox())!;
    expect(tags.x + tags.width).toBeLessThanOrEqual(gridBox.x + gridBox.width + 1);
    await screenshotThemes(page, 'runs-table-scrolled');
    await page.evaluate(`${GRID}.scrollLeft = 0`);
  });

  it('finds runs by a tag and by "superweights"', async () => {
    await search('paper-fig');
    await expect.poll(() => bodyRows().count()).toBe(1);
    expect(await bodyRows().first().textContent()).toContain('cnn shared seed 2');
    await search('superweights');
    await expect.poll(() => bodyRows().count()).toBe(2);
    expect(await bodyRows().allTextContents()).toEqual([
      expect.stringContaining('banked seed 2'),
      expect.stringContaining('banked seed 1'),
    ]);
    await search('');
    await expect.poll(() => bodyRows().count()).toBe(5);
  });

  it('groups runs that differ only in seed, with counts and mean ± std', async () => {
    await page.getByLabel('Group by seed').check();
    await expect.poll(() => bodyRows().count()).toBe(2);
    const texts = await bodyRows().allTextContents();
    expect(texts[0]).toContain('2 runs');
    expect(texts[0]).toContain('80.00% ± 7.07%');
    expect(texts[1]).toContain('3 runs');
    expect(texts[1]).toContain('70.00% ± 10.00%');
    await screenshotThemes(page, 'runs-table');
  });
});
