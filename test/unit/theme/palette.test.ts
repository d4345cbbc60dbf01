// The light and dark palettes of app.css keep chart axis text readable (issue #12 item 3): the
// colour charts draw axis text in has at least 4.5:1 contrast (WCAG AA) against the page and the
// card backgrounds in both themes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio, parseColor } from '../../helpers/contrast';

const CSS = readFileSync(join(import.meta.dirname, '../../../src-renderer/app.css'), 'utf8');
// The variable chartTheme.ts draws axis text in (AXIS_TEXT_VAR).
const THEME_TS = readFileSync(
  join(import.meta.dirname, '../../../src-renderer/components/charts/chartTheme.ts'),
  'utf8',
);
const AXIS_TEXT_VAR = /AXIS_TEXT_VAR = '(--[\w-]+)'/.exec(THEME_TS)![1];

/** The custom properties of the rule whose selector list contains `selector`. */
function palette(selector: string): Record<string, string> {
  const rule = [...CSS.matchAll(/([^{}]+)\{([^}]*)\}/g)].find((m) =>
    m[1].split(',').some((s) => s.trim() === selector),
  );
  if (!rule) throw new Error(`no rule for ${selector} in app.css`);
  return Object.fromEntries(
    [...rule[2].matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]),
  );
}

describe('theme palettes', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    expect(parseColor('rgb(28, 32, 40)')).toEqual([28, 32, 40]);
  });

  it.each([":root[data-theme='light']", ":root[data-theme='dark']"])(
    'gives chart axis text 4.5:1 or more against the page and cards in %s',
    (selector) => {
      const vars = palette(selector);
      const ink = vars[AXIS_TEXT_VAR];
      expect(contrastRatio(ink, vars['--surface'])).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(ink, vars['--bg'])).toBeGreaterThanOrEqual(4.5);
    },
  );
});
