// Chart axis text follows the theme (issue #12 item 3): the colour the uPlot axes draw in comes
// from the theme (at the first draw and after a theme change) (test/unit/theme/palette.test.ts checks that colour's contrast).
import { describe, expect, it } from 'vitest';
import {
  AXIS_TEXT_VAR,
  refreshTheme,
  themedAxes,
} from '../../src-renderer/components/charts/chartTheme';

describe('chart theme', () => {
  it('reads the axis colour from the theme, and again after a theme change', () => {
    const node = document.createElement('div');
    document.body.append(node);
    const [axis] = themedAxes(node, [{ label: 'epoch' }]);
    const stroke = axis.stroke as () => string;
    node.style.setProperty(AXIS_TEXT_VAR, '#5d6677');
    expect(stroke()).toBe('#5d6677');
    node.style.setProperty(AXIS_TEXT_VAR, '#9aa3b2');
    // Cached between draws (reading styles on every draw slowed the live chart)...
    expect(stroke()).toBe('#5d6677');
    // ...until the theme changes.
    refreshTheme(node);
    expect(stroke()).toBe('#9aa3b2');
    expect(node.dataset.axisColor).toBe('#9aa3b2');
    node.remove();
  });
});
