// Issue #12 item 1 end to end, in Chromium against `npas serve`: the Budget screen's banks for
// wrn-10-1 with SuperWeights at 70% are the same rows the Sharing inspector shows for a run
// trained with that setup, and every layer is numbered by its cluster and the banks it draws on.
// Saves sharing-budget-{light,dark}.png and sharing-inspector-{light,dark}.png.
import { describe, expect, it } from 'vitest';
import { screenshotThemes } from './helpers/browser';
import { formField, goToScreen, useStudio } from './helpers/screens';

const studio = useStudio('/#/design');
let budgetBanks: string[][] = [];

function go(screen: string, heading?: string | RegExp): Promise<void> {
  return goToScreen(studio.page, screen, heading);
}

function field(label: string) {
  return formField(studio.page, label);
}

/** The cells of a table's body rows, trimmed. */
async function tableRows(name: string): Promise<string[][]> {
  const rows = studio.page.getByRole('table', { name, exact: true }).locator('tbody tr');
  const out: string[][] = [];
  for (const row of await rows.all()) {
    out.push((await row.locator('td').allTextContents()).map((t) => t.trim()));
  }
  return out;
}

describe('one sharing description in the browser', () => {
  it('shows wrn-10-1 SuperWeights at 70% as banks numbered by cluster on the Budget screen', async () => {
    await studio.page.getByRole('radio', { name: 'WRN-d-k' }).check();
    await field('Depth d').fill('10');
    await field('Width k').fill('1');
    await go('Budget');
    await studio.page.getByRole('radio', { name: /SuperWeights/ }).check();
    await studio.page.getByRole('spinbutton', { name: 'Budget', exact: true }).fill('70');
    await studio.page.getByRole('table', { name: 'Banks', exact: true }).waitFor();
    await expect
      .poll(() => studio.page.getByTestId('ledger-budget').textContent())
      .toMatch(/\((69\.\d|70\.0)%\)/);
    budgetBanks = await tableRows('Banks');
    expect(budgetBanks.length).toBeGreaterThan(1);
    expect(
      budgetBanks.every((row) => /^bank \d+ \(cluster \d+, width level \d+\)$/.test(row[0])),
    ).toBe(true);
    // The bank sizes add up to the budget parameters shown above the tables.
    const budget = Number(
      /[\d,]+/
        .exec((await studio.page.getByTestId('ledger-budget').textContent())!)![0]
        .replace(/,/g, ''),
    );
    const sizes = budgetBanks.map((row) => Number(row[3].replace(/,/g, '')));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(budget);
    const layers = await studio.page.getByTestId('layer-units').allTextContents();
    expect(
      layers.filter((t) => /^cluster \d+: banks? [\d, ]+ \(of [\d,+ ]+\)$/.test(t.trim())),
    ).toHaveLength(layers.length - 1);
    expect(layers.at(-1)!.trim()).toBe('—');
    await screenshotThemes(studio.page, 'sharing-budget');
  });

  it('shows the same banks in the Sharing inspector of a run trained with that setup', async () => {
    await go('Run');
    await field('Dataset').selectOption('sample');
    await field('Run name').fill('e2e-sw-sharing');
    await field('Epochs').fill('1');
    await field('Batch size').fill('16');
    await field('Steps per epoch').fill('2');
    await studio.page.getByRole('button', { name: 'Start', exact: true }).click();
    await studio.page.waitForURL(/#\/live\/.+/);
    const runId = decodeURIComponent(studio.page.url().split('#/live/')[1]);
    await studio.page.getByText('completed', { exact: true }).waitFor({ timeout: 120_000 });
    await studio.page.goto(`${studio.server.url}/#/sharing/${encodeURIComponent(runId)}`);
    await studio.page.getByRole('heading', { level: 2, name: 'Banks' }).waitFor();
    expect(await tableRows('Banks')).toEqual(budgetBanks);
    await expect
      .poll(() => studio.page.getByTestId('own-layers').textContent())
      .toContain('classifier');
    await screenshotThemes(studio.page, 'sharing-inspector');
  });

  it('raised no uncaught errors in the page', () => {
    expect(studio.pageErrors).toEqual([]);
  });
});
