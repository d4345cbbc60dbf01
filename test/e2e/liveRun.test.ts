// Issue #12 item 7 end to end, in Chromium against `npas serve`: train a tiny run on the sample
// dataset and watch it on the Live screen (train-labelled last-batch figures beside the best
// validation and test top-1, the per-epoch charts saying when their first point comes, smoothing,
// log y and the learning-rate chart), then stop it: images/s, ETA and the phase go away.
// Saves live-running-{light,dark}.png and live-stopped-{light,dark}.png.
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

describe('the Live screen of a run that trains and is stopped', () => {
  beforeAll(async () => {
    ({ server, browser, page } = await openStudio());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/#/run`);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows plainly labelled figures, empty-chart messages and the chart options while it trains', async () => {
    await page.getByRole('heading', { level: 1, name: 'Run' }).waitFor();
    await field('Dataset').selectOption('sample');
    await field('Run name').fill('e2e-live');
    await field('Epochs').fill('2');
    await field('Batch size').fill('8');
    // Long epochs: the run is stopped inside the first one, before any per-epoch point.
    await field('Steps per epoch').fill('5000');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForURL(/#\/live\/.+/);
    await page.getByTestId('live-eta').waitFor({ timeout: 120_000 });

    expect(await page.getByText('Train loss (last batch)').count()).toBe(1);
    expect(await page.getByText('Train accuracy (last batch)').count()).toBe(1);
    expect(await page.getByText('Best validation top-1').count()).toBe(1);
    expect(await page.getByText('Test top-1 (at best validation)').count()).toBe(1);
    expect(await page.getByText('main training', { exact: true }).count()).toBe(1);
    expect(await page.getByTestId('chart-empty').allTextContents()).toEqual([
      'First point after epoch 1 finishes.',
      'First point after epoch 1 finishes.',
    ]);
    await page.getByRole('figure', { name: 'Learning rate' }).waitFor();

    await page.getByRole('slider', { name: 'Smoothing' }).fill('0.9');
    await page.getByLabel('Log-scale y (loss, learning rate)').check();
    await expect
      .poll(() =>
        page.getByRole('figure', { name: 'Train loss per step' }).getAttribute('data-log-y'),
      )
      .toBe('true');
    expect(await page.locator('output').first().textContent()).toBe('0.90');
    // The step charts have points drawn on a canvas by now.
    await expect
      .poll(async () =>
        Number(await page.getByRole('img', { name: 'Learning rate' }).getAttribute('data-points')),
      )
      .toBeGreaterThan(3);
    await screenshotThemes(page, 'live-running');
  }, 240_000);

  it('hides images/s, ETA and the phase once stopped', async () => {
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByText('stopped', { exact: true }).waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('live-eta').count()).toBe(0);
    expect(await page.getByTestId('live-speed').count()).toBe(0);
    expect(await page.getByText('main training', { exact: true }).count()).toBe(0);
    // Stopped inside epoch 1: the per-epoch charts say a point comes once resumed, not blank.
    expect(await page.getByTestId('chart-empty').first().textContent()).toMatch(/once resumed/);
    await screenshotThemes(page, 'live-stopped');
  }, 180_000);

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
