// Chart colours that follow the theme (issue #12 item 3): canvas charts (uPlot) take no CSS
// variables, so axis text and grid colours are read from the theme's variables at every draw,
// and charts redraw when <html data-theme> changes (they were drawn black on the dark theme).
import type uPlot from 'uplot';

/** The CSS variable axis labels and titles are drawn in. */
export const AXIS_TEXT_VAR = '--text-muted';
/** The CSS variable grid lines are drawn in. */
export const GRID_VAR = '--chart-grid';

/** A CSS variable's value on `node` (the theme applies on <html>), or `fallback`. */
export function cssVar(node: Element, name: string, fallback: string): string {
  return getComputedStyle(node).getPropertyValue(name).trim() || fallback;
}

// Colours per chart node, read at its first draw and again after a theme change only: reading
// computed styles on every draw cost the live chart's redraw budget.
const cache = new WeakMap<HTMLElement, { ink: string; grid: string }>();

function colorsOf(node: HTMLElement): { ink: string; grid: string } {
  let colors = cache.get(node);
  if (!colors) {
    colors = {
      ink: cssVar(node, AXIS_TEXT_VAR, '#5d6677'),
      grid: cssVar(node, GRID_VAR, '#8884'),
    };
    cache.set(node, colors);
    // The colour drawn, for tests that check what the canvas shows.
    node.dataset.axisColor = colors.ink;
  }
  return colors;
}

/** Forgets `node`'s colours: the next draw reads the theme again. */
export function refreshTheme(node: HTMLElement): void {
  cache.delete(node);
}

/**
 * uPlot axes whose text and grid colours come from the theme (read at the first draw and after
 * each theme change). The colour drawn is left in `data-axis-color` on `node`.
 */
export function themedAxes(node: HTMLElement, axes: uPlot.Axis[]): uPlot.Axis[] {
  const ink = () => colorsOf(node).ink;
  const grid = () => colorsOf(node).grid;
  return axes.map((axis) => ({
    ...axis,
    stroke: ink,
    grid: { ...axis.grid, stroke: grid },
    ticks: { ...axis.ticks, stroke: grid },
  }));
}

/** Re-reads the theme and redraws `plot` whenever <html data-theme> changes; returns the stop. */
export function redrawOnThemeChange(plot: uPlot, node: HTMLElement): () => void {
  const observer = new MutationObserver(() => {
    refreshTheme(node);
    plot.redraw(false, true);
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
