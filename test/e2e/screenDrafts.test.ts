// Issue #12 item 2 end to end, in Chromium against `npas serve`: set wrn-10-1, SuperWeights at
// 70%, 1 epoch and a sweep form, reload the page, and the screens still show that, and Start starts that run
// (before, a reload forgot it all and Start started a 200-epoch CNN with SSN at 10%).
// Saves drafts-{design,budget,run}-{light,dark}.png after the reload.
import { describe, expect, it } from 'vitest';
import { screenshotThemes } from './helpers/browser';
import { formField, goToScreen, useStudio } from './helpers/screens';

const studio = useStudio('/#/design');

function go(screen: string, heading?: string | RegExp): Promise<void> {
  return goToScreen(studio.page, screen, heading);
}

function field(label: string) {
  return formField(studio.page, label);
}

describe('screens that survive a reload', () => {
  it('keeps design, budget, method options and the run form across a reload', async () => {
    await studio.page.getByRole('radio', { name: 'WRN-d-k' }).check();
    await field('Depth d').fill('10');
    await field('Width k').fill('1');
    await go('Budget');
    await studio.page.getByRole('radio', { name: /SuperWeights/ }).check();
    await studio.page.getByRole('spinbutton', { name: 'Budget', exact: true }).fill('70');
    await go('Run');
    await field('Dataset').selectOption('sample');
    await field('Run name').fill('e2e-after-reload');
    await field('Epochs').fill('1');
    await field('Batch size').fill('16');
    await field('Steps per epoch').fill('2');
    await field('Sweep name').fill('e2e-sweep-draft');
    await field('Seeds').fill('0, 1, 2');

    await studio.page.reload();
    await studio.page.getByRole('heading', { level: 1, name: 'Run' }).waitFor();
    await expect.poll(() => field('Epochs').inputValue()).toBe('1');
    expect(await field('Run name').inputValue()).toBe('e2e-after-reload');
    expect(await field('Steps per epoch').inputValue()).toBe('2');
    expect(await field('Sweep name').inputValue()).toBe('e2e-sweep-draft');
    expect(await field('Seeds').inputValue()).toBe('0, 1, 2');
    await screenshotThemes(studio.page, 'drafts-run');
    await go('Budget');
    expect(await studio.page.getByRole('radio', { name: /SuperWeights/ }).isChecked()).toBe(true);
    expect(
      await studio.page.getByRole('spinbutton', { name: 'Budget', exact: true }).inputValue(),
    ).toBe('70');
    await screenshotThemes(studio.page, 'drafts-budget');
    await go('Design');
    expect(await field('Depth d').inputValue()).toBe('10');
    expect(await field('Width k').inputValue()).toBe('1');
    await screenshotThemes(studio.page, 'drafts-design');
  });

  it('starts what the screens show after the reload', async () => {
    await go('Run');
    await studio.page.getByRole('button', { name: 'Start', exact: true }).click();
    await studio.page.waitForURL(/#\/live\/.+/);
    await studio.page.getByText('completed', { exact: true }).waitFor({ timeout: 120_000 });
    await expect.poll(() => studio.page.getByTestId('live-epoch').textContent()).toBe('1 / 1');
    await go('Runs', /^Runs/);
    const row = studio.page.locator('.run-row', { hasText: 'e2e-after-reload' }).first();
    await expect.poll(() => row.textContent()).toContain('wrn-10-1');
    expect(await row.textContent()).toContain('superweights');
  });

  it('raised no uncaught errors in the page', () => {
    expect(studio.pageErrors).toEqual([]);
  });
});
