// Issue #12 items 4, 5 and 11 end to end, in Chromium against `npas serve`: the cnn preset's
// rows (batch norms included) add up to its total and an oversized kernel is refused (5); an
// emptied field and a negative budget are said in plain words in place, with no toast, and the
// overrun the engine advises is offered and works (4); the budget picture moves with the slider
// and shows a finished run of the same architecture with the chosen budget marked (11).
// Saves design-rows, design-errors, budget-errors and budget-picture, each -light and -dark.
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

const count = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

describe('the Design and Budget screens in the browser', () => {
  it('lists the cnn preset with its batch norms, rows adding up to the total', async () => {
    await studio.page.getByRole('radio', { name: 'cnn', exact: true }).check();
    const total = studio.page.getByTestId('design-total');
    await expect.poll(() => total.textContent()).toBe('29,178');
    const cells = await studio.page
      .locator('table.layers tbody tr td:last-child')
      .allTextContents();
    expect(cells.reduce((sum, c) => sum + count(c), 0)).toBe(29_178);
    expect(
      await studio.page.locator('table.layers tbody tr', { hasText: 'bn' }).count(),
    ).toBeGreaterThan(0);
    await screenshotThemes(studio.page, 'design-rows');
  });

  it('refuses an oversized kernel and names an emptied field, in place and without a toast', async () => {
    await studio.page.getByRole('radio', { name: 'Custom layers' }).check();
    const error = studio.page.getByRole('alert', { name: 'Design error' });
    await studio.page.getByLabel('layer 0 kernel', { exact: true }).fill('40');
    await expect
      .poll(() => error.textContent())
      .toContain('kernel 40 is larger than its 28×28 input');
    await studio.page.getByLabel('layer 0 kernel', { exact: true }).fill('3');
    await expect.poll(() => error.count()).toBe(0);
    await studio.page.getByLabel('layer 0 filters', { exact: true }).fill('');
    await expect
      .poll(() => error.textContent())
      .toContain('layer 0 (conv): filters is empty; enter a whole number of 1 or more');
    expect(await studio.page.locator('.toast').count()).toBe(0);
    await screenshotThemes(studio.page, 'design-errors');
    await studio.page.getByLabel('layer 0 filters', { exact: true }).fill('16');
    await expect.poll(() => error.count()).toBe(0);
  });

  it('says a bad budget in plain words, drops the stale ledger and offers the overrun', async () => {
    await go('Budget');
    await studio.page.getByRole('radio', { name: 'Shapeshifter (SSN)' }).check();
    const amount = studio.page.getByRole('spinbutton', { name: 'Budget', exact: true });
    await amount.fill('10');
    await expect.poll(() => studio.page.getByTestId('ledger-budget').textContent()).toMatch(/\d/);
    await amount.fill('-5');
    const error = studio.page.getByRole('alert', { name: 'Budget error' });
    await expect.poll(() => error.textContent()).toContain('The budget must be above 0%');
    expect(await error.textContent()).not.toContain('invalid arguments');
    await expect
      .poll(() =>
        studio.page
          .getByTestId('ledger-budget')
          .textContent()
          .then((t) => t?.trim()),
      )
      .toBe('—');
    await amount.fill('0.5');
    await studio.page.getByRole('radio', { name: /SuperWeights/ }).check();
    await expect.poll(() => error.textContent()).toContain('allow the overrun');
    await expect
      .poll(() =>
        studio.page
          .getByTestId('ledger-budget')
          .textContent()
          .then((t) => t?.trim()),
      )
      .toBe('—');
    expect(await studio.page.locator('.toast').count()).toBe(0);
    await screenshotThemes(studio.page, 'budget-errors');
    await studio.page.getByRole('checkbox', { name: /Allow the overrun/ }).check();
    await expect.poll(() => error.count()).toBe(0);
    await expect.poll(() => studio.page.getByTestId('ledger-budget').textContent()).toMatch(/\d/);
  });

  it('draws the budget as a picture that moves with the slider, with past runs', async () => {
    await studio.page.getByRole('checkbox', { name: /Allow the overrun/ }).uncheck();
    await studio.page.getByRole('radio', { name: 'Unshared' }).check();
    await go('Run');
    await field('Dataset').selectOption('sample');
    await field('Run name').fill('e2e-past-run');
    await field('Epochs').fill('1');
    await field('Batch size').fill('16');
    await field('Steps per epoch').fill('2');
    await studio.page.getByRole('button', { name: 'Start', exact: true }).click();
    await studio.page.waitForURL(/#\/live\/.+/);
    await studio.page.getByText('completed', { exact: true }).waitFor({ timeout: 120_000 });

    await go('Budget');
    await studio.page.getByRole('radio', { name: 'Shapeshifter (SSN)' }).check();
    const amount = studio.page.getByRole('spinbutton', { name: 'Budget', exact: true });
    await amount.fill('10');
    const bar = studio.page.getByTestId('budget-picture').locator('.fill.budget');
    await expect.poll(() => bar.getAttribute('style')).toMatch(/width: ?10(\.\d+)?%/);
    const scatter = studio.page.getByRole('img', { name: /against budget parameters/ });
    await expect.poll(() => scatter.locator('circle').count()).toBe(1);
    const marker = scatter.locator('line.marker');
    const before = await marker.getAttribute('data-budget');
    await studio.page.getByRole('slider', { name: 'Budget slider' }).fill('700');
    await expect.poll(() => bar.getAttribute('style')).not.toMatch(/width: ?10(\.\d+)?%/);
    await expect.poll(() => marker.getAttribute('data-budget')).not.toBe(before);
    // The unshared past run holds the whole network: the chosen (lower) budget lies left of it.
    const markerX = Number(await marker.getAttribute('x1'));
    expect(markerX).toBeLessThan(Number(await scatter.locator('circle').getAttribute('cx')));
    await screenshotThemes(studio.page, 'budget-picture');
  });

  it('raised no uncaught errors in the page', () => {
    expect(studio.pageErrors).toEqual([]);
  });
});
