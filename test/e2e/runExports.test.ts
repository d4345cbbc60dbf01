// Issue #12 item 10 end to end, in Chromium against `npas serve`: after a short run on the
// bundled sample, the run details panel downloads the run's history as CSV and JSON and its
// config as JSON; the runs CSV carries config.<path> columns; the server answers /favicon.ico
// and no page load logs a 404. Saves run-exports-{light,dark}.png.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenshotThemes } from './helpers/browser';
import type { ServeHandle } from './helpers/serveProcess';
import { formField, openStudio } from './helpers/screens';

let server: ServeHandle;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];
const notFound: string[] = [];

function field(label: string) {
  return formField(page, label);
}

/** Clicks `button` and returns the downloaded file's name and text. */
async function download(button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

describe('run exports and the favicon', () => {
  beforeAll(async () => {
    ({ server, browser, page } = await openStudio(
      { width: 1440, height: 1000 },
      { acceptDownloads: true },
    ));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() === 404) notFound.push(response.url());
    });
    await page.goto(`${server.url}/#/run`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves the app icon at /favicon.ico', async () => {
    const response = await page.request.get(`${server.url}/favicon.ico`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('image/x-icon');
    expect((await response.body()).length).toBeGreaterThan(100);
  });

  it('finishes a short run on the bundled sample', async () => {
    await page.getByRole('heading', { level: 1, name: 'Run' }).waitFor();
    await field('Dataset').selectOption('sample');
    await field('Run name').fill('e2e-export');
    await field('Epochs').fill('2');
    await field('Batch size').fill('16');
    await field('Learning rate').fill('0.05');
    await field('Steps per epoch').fill('3');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForURL(/#\/live\/.+/);
    await page.getByText('completed', { exact: true }).waitFor({ timeout: 120_000 });
  });

  it('downloads the run history as CSV and JSON and its config as JSON from the run details', async () => {
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Runs', exact: true })
      .click();
    await page.locator('.run-row', { hasText: 'e2e-export' }).first().click();
    await page.getByRole('group', { name: 'Export this run' }).waitFor();

    const csv = await download('History CSV');
    expect(csv.name).toMatch(/^npas-run-.+-epochs\.csv$/);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0].startsWith('phase,epoch,lr,')).toBe(true);
    expect(lines.filter((l) => l.startsWith('main,'))).toHaveLength(2);

    const history = await download('History JSON');
    expect(history.name).toMatch(/^npas-run-.+-history\.json$/);
    const parsed = JSON.parse(history.text) as {
      format: string;
      name: string;
      epochs: unknown[];
      steps: unknown[];
    };
    expect(parsed).toMatchObject({ format: 'npas-run-history', name: 'e2e-export' });
    expect(parsed.epochs).toHaveLength(2);
    expect(parsed.steps.length).toBeGreaterThanOrEqual(6);

    const config = await download('Config JSON');
    expect(config.name).toMatch(/^npas-run-.+-config\.json$/);
    expect(JSON.parse(config.text)).toMatchObject({
      dataset: { path: 'sample' },
      training: { epochs: 2, batchSize: 16, lr: 0.05, maxStepsPerEpoch: 3 },
    });
    await screenshotThemes(page, 'run-exports');
  });

  it('puts the config columns in the runs CSV', async () => {
    const runs = await download('Export CSV');
    const [header, row] = runs.text.split('\r\n');
    const columns = header.split(',');
    for (const column of [
      'config.method',
      'config.training.lr',
      'config.training.batchSize',
      'config.training.epochs',
      'config.seed',
    ]) {
      expect(columns).toContain(column);
    }
    const cells = row.split(',');
    expect(cells[columns.indexOf('config.training.lr')]).toBe('0.05');
    expect(cells[columns.indexOf('config.training.batchSize')]).toBe('16');
  });

  it('logged no 404 and no error in the page', () => {
    expect(notFound).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
