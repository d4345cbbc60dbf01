// Issue #14 item 5 end to end, in Chromium against `npas serve` with the local executor: a 2×2
// sweep (SSN and SuperWeights × 80% and 90%: SuperWeights needs one template per bank, 23,184 of
// the cnn's 29,178 parameters) of the tiny cnn on the bundled sample is previewed
// and started from the Run screen's sweep form; the Sweeps view's grid fills in cell by cell,
// the accuracy-vs-budget frontier gains a dot per completed cell; Cancel stops the unfinished
// cells and Resubmit brings them to completion; each slot shows its result, and the state chips
// keep 4.5:1 contrast in both themes. A Slurm preview shows the batch script without
// submitting. Saves sweep-form(-slurm) and sweeps-view(-filling, -cancelled), -light and -dark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { contrastRatio } from '../helpers/contrast';
import { screenshotThemes } from './helpers/browser';
import { type ServeHandle } from './helpers/serveProcess';
import { formField, goToScreen, openStudio } from './helpers/screens';

let server: ServeHandle;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

// Evaluated in the page (a string: this file is type-checked without the DOM library): each state
// chip's text colour and the first opaque background behind it.
const CHIP_COLOURS = `[...document.querySelectorAll('[data-testid="sweep-cell"] .badge')].map((chip) => {
  let node = chip;
  let background = 'rgb(255, 255, 255)';
  while (node) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(colour)) {
      background = colour;
      break;
    }
    node = node.parentElement;
  }
  return { text: getComputedStyle(chip).color, background };
})`;

/** The states of the grid's cells, in cell order. */
async function cellStates(): Promise<string[]> {
  const chips = page.getByTestId('sweep-cell');
  const states = await chips.evaluateAll((nodes) =>
    nodes.map((n) => [Number(n.getAttribute('data-index')), n.getAttribute('data-state') ?? '']),
  );
  return states.sort((a, b) => Number(a[0]) - Number(b[0])).map((s) => String(s[1]));
}

const UNFINISHED = ['queued', 'pending', 'running'];

/** Polls the grid until its four cells' states satisfy `done`; fails on a failed cell. */
async function waitForGrid(done: (states: string[]) => boolean, what: string): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + 100_000;
  for (;;) {
    const states = await cellStates();
    const picture = states.join(',');
    if (seen[seen.length - 1] !== picture) seen.push(picture);
    if (states.length === 4 && done(states)) return states;
    if (states.includes('failed')) {
      throw new Error(`a cell failed: ${picture}\n${server.output().slice(-3000)}`);
    }
    if (Date.now() > deadline) throw new Error(`never saw ${what}: ${seen.join(' | ')}`);
    await page.waitForTimeout(200);
  }
}

/** Every state chip's text has at least 4.5:1 contrast on its background, in both themes. */
async function checkChipContrast(): Promise<void> {
  for (const theme of ['light', 'dark']) {
    await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
    const colours = (await page.evaluate(CHIP_COLOURS)) as { text: string; background: string }[];
    expect(colours).toHaveLength(4);
    for (const { text, background } of colours) {
      expect(
        contrastRatio(text, background),
        `${theme}: ${text} on ${background}`,
      ).toBeGreaterThanOrEqual(4.5);
    }
  }
  await page.evaluate(`document.documentElement.dataset.theme = 'light'`);
}

describe('the Sweeps view in the browser', () => {
  beforeAll(async () => {
    ({ server, browser, page } = await openStudio());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/#/design`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('previews a Slurm sweep as its batch script and submits nothing', async () => {
    await page.getByRole('radio', { name: 'cnn', exact: true }).check();
    await goToScreen(page, 'Run');
    await formField(page, 'Dataset').selectOption('sample');
    await formField(page, 'Epochs').fill('1');
    // Enough steps that the cells learn something (and differ), few enough for seconds per cell.
    await formField(page, 'Batch size').fill('32');
    await formField(page, 'Steps per epoch').fill('40');
    await formField(page, 'Budgets').fill('80%, 90%');
    await formField(page, 'Seeds').fill('0');
    await page.getByRole('radio', { name: /Slurm/ }).check();
    await page.getByLabel('Partition').fill('debug');
    await page.getByLabel('Time limit').fill('2 hours');
    const error = page.getByRole('alert', { name: 'Sweep error' });
    await expect.poll(() => error.textContent()).toContain('is not a Slurm time');
    await page.getByLabel('Time limit').fill('00:10:00');
    await expect.poll(() => error.count()).toBe(0);
    await page.getByRole('button', { name: /^Preview/ }).click();
    const script = page.getByLabel('Batch script');
    await expect.poll(() => script.textContent()).toContain('#SBATCH');
    expect(await script.textContent()).toContain('debug');
    await page.getByTestId('sweep-preview').scrollIntoViewIfNeeded();
    await screenshotThemes(page, 'sweep-form-slurm');
    // Nothing was submitted by the preview.
    await goToScreen(page, 'Sweeps');
    await page.getByText('No sweeps yet').waitFor();
  });

  it('starts a 2×2 local sweep from the form after its preview', async () => {
    await goToScreen(page, 'Run');
    await page.getByRole('radio', { name: /local queue/ }).check();
    await formField(page, 'Sweep name').fill('e2e-sweep');
    const start = page.getByRole('button', { name: 'Start sweep' });
    expect(await start.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Preview (4 cells)' }).click();
    const preview = page.getByTestId('sweep-preview');
    await expect.poll(() => preview.locator('li').count()).toBe(4);
    expect(await preview.textContent()).toContain('local executor');
    await screenshotThemes(page, 'sweep-form');
    await start.click();
    await page.waitForURL(/#\/sweeps\/.+/);
    await page.getByRole('heading', { level: 1, name: 'Sweeps' }).waitFor();
  });

  it('fills the grid cell by cell, the frontier gaining a dot per completed cell', async () => {
    const grid = page.getByRole('table', { name: 'Sweep grid' });
    await grid.waitFor();
    expect(await page.getByRole('table', { name: 'Sweeps' }).textContent()).toContain('e2e-sweep');
    // Some cells completed beside unfinished ones: the grid fills in, not all at once.
    const states = await waitForGrid(
      (s) => s.includes('completed') && s.some((x) => UNFINISHED.includes(x)),
      'some cells completed while others still wait',
    );
    const done = states.filter((s) => s === 'completed').length;
    const chart = page.getByRole('img', { name: /against budget parameters/ });
    await expect.poll(() => chart.locator('circle').count()).toBeGreaterThanOrEqual(done);
    expect(await chart.locator('circle').count()).toBeLessThan(4);
    await checkChipContrast();
    await screenshotThemes(page, 'sweeps-view-filling');
  });

  it('cancels the unfinished cells, shows them, and resubmits them to completion', async () => {
    await page.getByRole('button', { name: /^Cancel unfinished \([1-9]\)/ }).click();
    const states = await waitForGrid(
      (s) => s.includes('cancelled') && !s.some((x) => UNFINISHED.includes(x)),
      'the unfinished cells cancelled',
    );
    const cancelled = states.filter((s) => s === 'cancelled').length;
    await expect.poll(() => page.getByTestId('troubled-cell').count()).toBe(cancelled);
    await checkChipContrast();
    await screenshotThemes(page, 'sweeps-view-cancelled');
    await page
      .getByRole('button', { name: `Resubmit failed and cancelled (${cancelled})` })
      .click();
    await waitForGrid((s) => s.every((x) => x === 'completed'), 'every cell completed');
    expect(await page.getByTestId('troubled-cell').count()).toBe(0);
  });

  it('draws each method frontier and the result of every slot once all cells are in', async () => {
    const chart = page.getByRole('img', { name: /against budget parameters/ });
    await expect.poll(() => chart.locator('circle').count()).toBe(4);
    expect(await chart.locator('path.frontier[data-method="ssn"]').count()).toBe(1);
    expect(await chart.locator('path.frontier[data-method="superweights"]').count()).toBe(1);
    const stats = await page.getByTestId('slot-accuracy').allTextContents();
    expect(stats).toHaveLength(4);
    for (const stat of stats) expect(stat).toMatch(/\d+\.\d% \(1 of 1 seed\)/);
    expect(await page.getByText('4 completed').count()).toBe(1);
    await checkChipContrast();
    await screenshotThemes(page, 'sweeps-view');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
