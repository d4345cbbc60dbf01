// Issue #12 item 7 end to end, in Chromium against `npas serve`: train a tiny run on the sample
// dataset and watch it on the Live screen (train-labelled last-batch figures beside the best
// validation and test top-1, the per-epoch charts saying when their first point comes, smoothing,
// log y and the learning-rate chart), then stop it: images/s, ETA and the phase go away.
// Saves live-running-{light,dark}.png and live-stopped-{light,dark}.png.
import { describe, expect, it } from 'vitest';
import { screenshotThemes } from './helpers/browser';
import { formField, useStudio } from './helpers/screens';

const studio = useStudio('/#/run', 300_000);

function field(label: string) {
  return formField(studio.page, label);
}

describe('the Live screen of a run that trains and is stopped', () => {
  it('shows plainly labelled figures, empty-chart messages and the chart options while it trains', async () => {
    await studio.page.getByRole('heading', { level: 1, name: 'Run' }).waitFor();
    await field('Dataset').selectOption('sample');
    await field('Run name').fill('e2e-live');
    await field('Epochs').fill('2');
    await field('Batch size').fill('8');
    // Long epochs: the run is stopped inside the first one, before any per-epoch point.
    await field('Steps per epoch').fill('5000');
    await studio.page.getByRole('button', { name: 'Start', exact: true }).click();
    await studio.page.waitForURL(/#\/live\/.+/);
    await studio.page.getByTestId('live-eta').waitFor({ timeout: 120_000 });

    expect(await studio.page.getByText('Train loss (last batch)').count()).toBe(1);
    expect(await studio.page.getByText('Train accuracy (last batch)').count()).toBe(1);
    expect(await studio.page.getByText('Best validation top-1').count()).toBe(1);
    expect(await studio.page.getByText('Test top-1 (at best validation)').count()).toBe(1);
    expect(await studio.page.getByText('main training', { exact: true }).count()).toBe(1);
    expect(await studio.page.getByTestId('chart-empty').allTextContents()).toEqual([
      'First point after epoch 1 finishes.',
      'First point after epoch 1 finishes.',
    ]);
    await studio.page.getByRole('figure', { name: 'Learning rate' }).waitFor();

    await studio.page.getByRole('slider', { name: 'Smoothing' }).fill('0.9');
    await studio.page.getByLabel('Log-scale y (loss, learning rate)').check();
    await expect
      .poll(() =>
        studio.page.getByRole('figure', { name: 'Train loss per step' }).getAttribute('data-log-y'),
      )
      .toBe('true');
    expect(await studio.page.locator('output').first().textContent()).toBe('0.90');
    // The step charts have points drawn on a canvas by now.
    await expect
      .poll(async () =>
        Number(
          await studio.page.getByRole('img', { name: 'Learning rate' }).getAttribute('data-points'),
        ),
      )
      .toBeGreaterThan(3);
    await screenshotThemes(studio.page, 'live-running');
  }, 240_000);

  it('hides images/s, ETA and the phase once stopped', async () => {
    await studio.page.getByRole('button', { name: 'Stop', exact: true }).click();
    await studio.page.getByText('stopped', { exact: true }).waitFor({ timeout: 120_000 });
    await expect.poll(() => studio.page.getByTestId('live-eta').count()).toBe(0);
    expect(await studio.page.getByTestId('live-speed').count()).toBe(0);
    expect(await studio.page.getByText('main training', { exact: true }).count()).toBe(0);
    // Stopped inside epoch 1: the per-epoch charts say a point comes once resumed, not blank.
    expect(await studio.page.getByTestId('chart-empty').first().textContent()).toMatch(
      /once resumed/,
    );
    await screenshotThemes(studio.page, 'live-stopped');
  }, 180_000);

  it('raised no uncaught errors in the page', () => {
    expect(studio.pageErrors).toEqual([]);
  });
});
