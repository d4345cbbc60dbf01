// Issue #12 item 3 end to end, in Chromium against `npas serve`: on the Live screen of a finished
// run, the colour the chart axes are drawn in has at least 4.5:1 contrast against the chart's
// background in the light and the dark theme, and the disabled Resume button looks disabled
// (no accent fill, not-allowed cursor). Saves live-theme-{light,dark}.png.
import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../helpers/contrast';
import { colourPairs, screenshotThemes } from './helpers/browser';
import { formField, useStudio } from './helpers/screens';

const studio = useStudio('/#/run');

function field(label: string) {
  return formField(studio.page, label);
}

// Per chart, the axis colour last drawn and the first opaque background behind it.
const chartColours = () =>
  colourPairs(studio.page, '.plot[data-axis-color]', 'el.dataset.axisColor');

async function setTheme(theme: 'light' | 'dark'): Promise<void> {
  await studio.page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
}

describe('readable charts and an inert Resume in both themes', () => {
  it('finishes a short run on the bundled sample', async () => {
    await studio.page.getByRole('heading', { level: 1, name: 'Run' }).waitFor();
    await field('Dataset').selectOption('sample');
    await field('Run name').fill('e2e-theme');
    await field('Epochs').fill('2');
    await field('Batch size').fill('16');
    await field('Steps per epoch').fill('3');
    await studio.page.getByRole('button', { name: 'Start', exact: true }).click();
    await studio.page.waitForURL(/#\/live\/.+/);
    await studio.page.getByText('completed', { exact: true }).waitFor({ timeout: 120_000 });
  });

  it.each(['light', 'dark'] as const)(
    'draws chart axis text at 4.5:1 or more in the %s theme',
    async (theme) => {
      await setTheme(theme);
      // The theme change redraws the charts; poll until every axis colour is the new theme's.
      const ink = await studio.page.evaluate(
        `getComputedStyle(document.documentElement).getPropertyValue('--text-muted').trim()`,
      );
      await expect
        .poll(async () => {
          const charts = await chartColours();
          return charts.length > 0 && charts.every((c) => c.foreground === ink);
        })
        .toBe(true);
      for (const chart of await chartColours()) {
        expect(contrastRatio(chart.foreground, chart.background)).toBeGreaterThanOrEqual(4.5);
      }
    },
  );

  it('shows the disabled Resume of a completed run as disabled in both themes', async () => {
    const resume = studio.page.getByRole('button', { name: 'Resume' });
    expect(await resume.isDisabled()).toBe(true);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(theme);
      const accent = String(
        await studio.page.evaluate(
          `(() => { const b = document.createElement('button'); b.className = 'primary'; document.body.append(b); const c = getComputedStyle(b).backgroundColor; b.remove(); return c; })()`,
        ),
      );
      const style = await studio.page.evaluate(
        `(() => { const b = [...document.querySelectorAll('button')].find((e) => e.textContent.trim() === 'Resume'); const s = getComputedStyle(b); return { background: s.backgroundColor, cursor: s.cursor }; })()`,
      );
      const { background, cursor } = style as { background: string; cursor: string };
      expect(background).not.toBe(accent);
      expect(cursor).toBe('not-allowed');
    }
    await screenshotThemes(studio.page, 'live-theme');
  });

  it('raised no uncaught errors in the page', () => {
    expect(studio.pageErrors).toEqual([]);
  });
});
