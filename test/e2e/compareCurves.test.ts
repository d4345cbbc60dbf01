// Issue #12 item 8 end to end, in Chromium against `npas serve`: two short runs on the bundled
// sample opened in Compare; the per-step and per-epoch curves switch to the step and the
// training-time axis, take log y and EMA smoothing, and one hover moves the cursor of both charts.
// Saves compare-curves-{light,dark}.png and compare-scatter-{light,dark}.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenshotThemes } from './helpers/browser';
import { type ServeHandle } from './helpers/serveProcess';
import { formField, openStudio } from './helpers/screens';

let server: ServeHandle;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

function field(label: string) {
  return formField(page, label);
}

function curves(title: string) {
  return page.getByRole('figure', { name: `Curves: ${title}` });
}

async function startRun(name: string, lr: string): Promise<void> {
  await page.goto(`${server.url}/#/run`);
  await page.getByRole('heading', { level: 1, name: 'Run' }).waitFor();
  await field('Dataset').selectOption('sample');
  await field('Run name').fill(name);
  await field('Epochs').fill('2');
  await field('Batch size').fill('16');
  await field('Steps per epoch').fill('4');
  await field('Learning rate').fill(lr);
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.waitForURL(/#\/live\/.+/);
  await page.getByText('completed', { exact: true }).waitFor({ timeout: 120_000 });
}

/** Per chart, whether its vertical hover line shows inside its plot area. */
const CURSORS_SHOWN = `[...document.querySelectorAll('figure .u-over')].map((over) => {
  const line = over.parentElement.querySelector('.u-cursor-x');
  if (!line || line.classList.contains('u-off')) return false;
  const at = line.getBoundingClientRect().left;
  const area = over.getBoundingClientRect();
  return at >= area.left && at <= area.right;
})`;

/**
 * Per dot of the accuracy-vs-budget scatter, whether it is drawn whole inside the plot area
 * (the 640 × 340 chart less its margins: 56 left, 20 right, 20 top, 44 bottom), off its edges.
 */
const DOTS_INSIDE = `(() => {
  const svg = document.querySelector('svg[aria-label^="Best test top-1 against budget"]');
  const box = svg.getBoundingClientRect();
  const k = box.width / 640;
  const plot = { left: box.left + 56 * k, right: box.right - 20 * k, top: box.top + 20 * k, bottom: box.bottom - 44 * k };
  return [...svg.querySelectorAll('circle')].map((dot) => {
    const r = dot.getBoundingClientRect();
    return r.width > 0 && r.left >= plot.left && r.right <= plot.right &&
      r.top >= plot.top && r.bottom <= plot.bottom;
  });
})()`;

describe('Compare curves on a chosen axis, smoothed, on log y, with one hover', () => {
  beforeAll(async () => {
    ({ server, browser, page } = await openStudio());
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('trains two short runs that differ in learning rate and budget', async () => {
    await startRun('e2e-compare-a', '0.1');
    // The second run unshared: two budgets, so the scatter has dots at both ends of its x-axis.
    await page.goto(`${server.url}/#/budget`);
    await page.getByRole('radio', { name: 'Unshared' }).check();
    await startRun('e2e-compare-b', '0.02');
  }, 300_000);

  it('opens the two runs in Compare with per-step and per-epoch curves', async () => {
    await page.goto(`${server.url}/#/runs`);
    await page.locator('.run-row', { hasText: 'e2e-compare-a' }).first().click();
    await page
      .locator('.run-row', { hasText: 'e2e-compare-b' })
      .first()
      .click({ modifiers: ['Control'] });
    await page.getByRole('button', { name: /^Compare 2/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Compare 2 runs/ }).waitFor();
    await curves('Train loss (per step)').locator('canvas').waitFor();
    await curves('Validation top-1').locator('canvas').waitFor();
    const diff = page.getByRole('region', { name: 'Config diff' });
    await expect.poll(() => diff.textContent()).toContain('training.lr');
  });

  it('switches the x-axis of both charts to steps, then to training time', async () => {
    await page.getByLabel('Curve x-axis').selectOption('step');
    for (const title of ['Train loss (per step)', 'Validation top-1'])
      expect(await curves(title).getAttribute('data-x-label')).toBe('step');
    await page.getByLabel('Curve x-axis').selectOption('time');
    for (const title of ['Train loss (per step)', 'Validation top-1'])
      expect(await curves(title).getAttribute('data-x-label')).toBe('training time (s)');
    await page.getByLabel('Curve x-axis').selectOption('step');
  });

  it('turns on log y and smoothing', async () => {
    await page.getByRole('checkbox', { name: 'log y' }).check();
    await expect
      .poll(() => curves('Train loss (per step)').getAttribute('data-log-y'))
      .toBe('true');
    // Playwright sets a range input's value and fires its input event, as a drag would.
    await page.getByLabel('Smoothing').fill('0.6');
    await page.getByText('Smoothing 0.60').waitFor();
    await curves('Train loss (per step)').locator('canvas').waitFor();
  });

  it('moves the hover line of both charts together', async () => {
    const over = curves('Train loss (per step)').locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    // Both charts (the hovered one and the per-epoch one) show their line at the hovered step.
    await expect.poll(() => page.evaluate(CURSORS_SHOWN)).toEqual([true, true]);
    await page.mouse.move(box.x + box.width * 0.8, box.y - 200);
    await expect.poll(() => page.evaluate(CURSORS_SHOWN)).toEqual([false, false]);
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    await expect.poll(() => page.evaluate(CURSORS_SHOWN)).toEqual([true, true]);
    await screenshotThemes(page, 'compare-curves');
  });

  it('draws every accuracy-vs-budget dot whole inside the plot area', async () => {
    const scatter = page.getByRole('img', { name: /Best test top-1 against budget/ });
    await scatter.scrollIntoViewIfNeeded();
    const inside = await page.evaluate(DOTS_INSIDE);
    expect(inside).toEqual([true, true]);
    await screenshotThemes(page, 'compare-scatter');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
