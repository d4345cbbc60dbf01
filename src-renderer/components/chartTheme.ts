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

/**
 * uPlot axes whose text and grid colours are read from the theme at every draw. The colour last
 * drawn is left in `data-axis-color` on `node`, so a test can check what the canvas shows.
 */
export function themedAxes(node: HTMLElement, axes: uPlot.Axis[]): uPlot.Axis[] {
  const ink = () => (node.dataset.axisColor = cssVar(node, AXIS_TEXT_VAR, '#5d6677'));
  const grid = () => cssVar(node, GRID_VAR, '#8884');
  return axes.map((axis) => ({
    ...axis,
    stroke: ink,
    grid: { ...axis.grid, stroke: grid },
    ticks: { ...axis.ticks, stroke: grid },
  }));
}

/** Redraws `plot` whenever the theme on <html> changes; returns the disconnect function. */
export function redrawOnThemeChange(plot: uPlot): () => void {
  const observer = new MutationObserver(() => plot.redraw(false, true));
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
