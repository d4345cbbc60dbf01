// Issue #12 item 2 end to end, in Chromium against `npas serve`: set wrn-10-1, SuperWeights at
// 70% and 1 epoch, reload the page, and the screens still show that, and Start starts that run
// (before, a reload forgot it all and Start started a 200-epoch CNN with SSN at 10%).
// Saves drafts-{design,budget,run}-{light,dark}.png after the reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenshotThemes } from './helpers/browser';
import { type ServeHandle } from './helpers/serveProcess';
import { formField, goToScreen, openStudio } from './helpers/screens';

let server: ServeHandle;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

function go(screen: string, heading?: string | RegExp): Promise<void> {
  return goToScreen(page, screen, heading);
}

function field(label: string) {
  return formField(page, label);
}

describe('screens that survive a reload', () => {
  beforeAll(async () => {
    ({ server, browser, page } = await openStudio());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/#/design`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('keeps design, budget, method options and the run form across a reload', async () => {
    await page.getByRole('radio', { name: 'WRN-d-k' }).check();
    await field('Depth d').fill('10');
    await field('Width k').fill('1');
    await go('Budget');
    await page.getByRole('radio', { name: /SuperWeights/ }).check();
    await page.getByRole('spinbutton', { name: 'Budget', exact: true }).fill('70');
    await go('Run');
    await field('Dataset').selectOption('sample');
    await field('Run name').fill('e2e-after-reload');
    await field('Epochs').fill('1');
    await field('Batch size').fill('16');
    await field('Steps per epoch').fill('2');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Run' }).waitFor();
    await expect.poll(() => field('Epochs').inputValue()).toBe('1');
    expect(await field('Run name').inputValue()).toBe('e2e-after-reload');
    expect(await field('Steps per epoch').inputValue()).toBe('2');
    await screenshotThemes(page, 'drafts-run');
    await go('Budget');
    expect(await page.getByRole('radio', { name: /SuperWeights/ }).isChecked()).toBe(true);
    expect(await page.getByRole('spinbutton', { name: 'Budget', exact: true }).inputValue()).toBe(
      '70',
    );
    await screenshotThemes(page, 'drafts-budget');
    await go('Design');
    expect(await field('Depth d').inputValue()).toBe('10');
    expect(await field('Width k').inputValue()).toBe('1');
    await screenshotThemes(page, 'drafts-design');
  });

  it('starts what the screens show after the reload', async () => {
    await go('Run');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForURL(/#\/live\/.+/);
    await page.getByText('completed', { exact: true }).waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('live-epoch').textContent()).toBe('1 / 1');
    await go('Runs', /^Runs/);
    const row = page.locator('.run-row', { hasText: 'e2e-after-reload' }).first();
    await expect.poll(() => row.textContent()).toContain('wrn-10-1');
    expect(await row.textContent()).toContain('superweights');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
