// Issue #14 item 5 end to end, in Chromium against `npas serve` with the local executor: a 2×2
// sweep (SSN and SuperWeights × 80% and 90%: SuperWeights needs one template per bank, 23,184 of
// the cnn's 29,178 parameters) of the tiny cnn on the bundled sample is previewed
// and started from the Run screen's sweep form; the Sweeps view's grid fills in cell by cell,
// the accuracy-vs-budget frontier gains a dot per completed cell; Cancel stops the unfinished
// cells and Resubmit brings them to completion; each slot shows its result, and the state chips
// keep 4.5:1 contrast in both themes. A Slurm preview shows the batch script without
// submitting. Saves sweep-form(-slurm) and sweeps-view(-filling, -cancelled), -light and -dark.
import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../helpers/contrast';
import { colourPairs, screenshotThemes } from './helpers/browser';
import { formField, goToScreen, useStudio } from './helpers/screens';

const studio = useStudio('/#/design');

/** The states of the grid's cells, in cell order. */
async function cellStates(): Promise<string[]> {
  const chips = studio.page.getByTestId('sweep-cell');
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
      throw new Error(`a cell failed: ${picture}\n${studio.server.output().slice(-3000)}`);
    }
    if (Date.now() > deadline) throw new Error(`never saw ${what}: ${seen.join(' | ')}`);
    await studio.page.waitForTimeout(200);
  }
}

/** Every state chip's text has at least 4.5:1 contrast on its background, in both themes. */
async function checkChipContrast(): Promise<void> {
  for (const theme of ['light', 'dark']) {
    await studio.page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
    const colours = await colourPairs(
      studio.page,
      '[data-testid="sweep-cell"] .badge',
      'getComputedStyle(el).color',
    );
    expect(colours).toHaveLength(4);
    for (const { foreground: text, background } of colours) {
      expect(
        contrastRatio(text, background),
        `${theme}: ${text} on ${background}`,
      ).toBeGreaterThanOrEqual(4.5);
    }
  }
  await studio.page.evaluate(`document.documentElement.dataset.theme = 'light'`);
}

describe('the Sweeps view in the browser', () => {
  it('previews a Slurm sweep as its batch script and submits nothing', async () => {
    await studio.page.getByRole('radio', { name: 'cnn', exact: true }).check();
    await goToScreen(studio.page, 'Run');
    await formField(studio.page, 'Dataset').selectOption('sample');
    await formField(studio.page, 'Epochs').fill('1');
    // Enough steps that the cells learn something (and differ), few enough for seconds per cell.
    await formField(studio.page, 'Batch size').fill('32');
    await formField(studio.page, 'Steps per epoch').fill('40');
    await formField(studio.page, 'Budgets').fill('80%, 90%');
    await formField(studio.page, 'Seeds').fill('0');
    await studio.page.getByRole('radio', { name: /Slurm/ }).check();
    await studio.page.getByLabel('Partition').fill('debug');
    await studio.page.getByLabel('Time limit').fill('2 hours');
    const error = studio.page.getByRole('alert', { name: 'Sweep error' });
    await expect.poll(() => error.textContent()).toContain('is not a Slurm time');
    await studio.page.getByLabel('Time limit').fill('00:10:00');
    await expect.poll(() => error.count()).toBe(0);
    await studio.page.getByRole('button', { name: /^Preview/ }).click();
    const script = studio.page.getByLabel('Batch script');
    await expect.poll(() => script.textContent()).toContain('#SBATCH');
    expect(await script.textContent()).toContain('debug');
    await studio.page.getByTestId('sweep-preview').scrollIntoViewIfNeeded();
    await screenshotThemes(studio.page, 'sweep-form-slurm');
    // Nothing was submitted by the preview.
    await goToScreen(studio.page, 'Sweeps');
    await studio.page.getByText('No sweeps yet').waitFor();
  });

  it('starts a 2×2 local sweep from the form after its preview', async () => {
    await goToScreen(studio.page, 'Run');
    await studio.page.getByRole('radio', { name: /local queue/ }).check();
    await formField(studio.page, 'Sweep name').fill('e2e-sweep');
    const start = studio.page.getByRole('button', { name: 'Start sweep' });
    expect(await start.isDisabled()).toBe(true);
    await studio.page.getByRole('button', { name: 'Preview (4 cells)' }).click();
    const preview = studio.page.getByTestId('sweep-preview');
    await expect.poll(() => preview.locator('li').count()).toBe(4);
    expect(await preview.textContent()).toContain('local executor');
    await screenshotThemes(studio.page, 'sweep-form');
    await start.click();
    await studio.page.waitForURL(/#\/sweeps\/.+/);
    await studio.page.getByRole('heading', { level: 1, name: 'Sweeps' }).waitFor();
  });

  it('fills the grid cell by cell, the frontier gaining a dot per completed cell', async () => {
    const grid = studio.page.getByRole('table', { name: 'Sweep grid' });
    await grid.waitFor();
    expect(await studio.page.getByRole('table', { name: 'Sweeps' }).textContent()).toContain(
      'e2e-sweep',
    );
    // Some cells completed beside unfinished ones: the grid fills in, not all at once.
    const states = await waitForGrid(
      (s) => s.includes('completed') && s.some((x) => UNFINISHED.includes(x)),
      'some cells completed while others still wait',
    );
    const done = states.filter((s) => s === 'completed').length;
    const chart = studio.page.getByRole('img', { name: /against budget parameters/ });
    await expect.poll(() => chart.locator('circle').count()).toBeGreaterThanOrEqual(done);
    expect(await chart.locator('circle').count()).toBeLessThan(4);
    await checkChipContrast();
    await screenshotThemes(studio.page, 'sweeps-view-filling');
  });

  it('cancels the unfinished cells, shows them, and resubmits them to completion', async () => {
    await studio.page.getByRole('button', { name: /^Cancel unfinished \([1-9]\)/ }).click();
    const states = await waitForGrid(
      (s) => s.includes('cancelled') && !s.some((x) => UNFINISHED.includes(x)),
      'the unfinished cells cancelled',
    );
    const cancelled = states.filter((s) => s === 'cancelled').length;
    await expect.poll(() => studio.page.getByTestId('troubled-cell').count()).toBe(cancelled);
    await checkChipContrast();
    await screenshotThemes(studio.page, 'sweeps-view-cancelled');
    await studio.page
      .getByRole('button', { name: `Resubmit failed and cancelled (${cancelled})` })
      .click();
    await waitForGrid((s) => s.every((x) => x === 'completed'), 'every cell completed');
    expect(await studio.page.getByTestId('troubled-cell').count()).toBe(0);
  });

  it('draws each method frontier and the result of every slot once all cells are in', async () => {
    const chart = studio.page.getByRole('img', { name: /against budget parameters/ });
    await expect.poll(() => chart.locator('circle').count()).toBe(4);
    expect(await chart.locator('path.frontier[data-method="ssn"]').count()).toBe(1);
    expect(await chart.locator('path.frontier[data-method="superweights"]').count()).toBe(1);
    const stats = await studio.page.getByTestId('slot-accuracy').allTextContents();
    expect(stats).toHaveLength(4);
    for (const stat of stats) expect(stat).toMatch(/\d+\.\d% \(1 of 1 seed\)/);
    expect(await studio.page.getByText('4 completed').count()).toBe(1);
    await checkChipContrast();
    await screenshotThemes(studio.page, 'sweeps-view');
  });

  it('raised no uncaught errors in the page', () => {
    expect(studio.pageErrors).toEqual([]);
  });
});
