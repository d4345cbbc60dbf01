// The chart code the Live, Compare and Budget charts share (issue #12 item 12): the smoothing of
// value arrays and point lists agree, log-ready values drop what a log axis cannot draw, and the
// shared figure shows its title, export buttons when it can export, and its empty message.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import ChartFigure from '../../src-renderer/components/charts/ChartFigure.svelte';
import {
  emaSmooth,
  emaValues,
  positiveValues,
} from '../../src-renderer/components/charts/smoothing';

afterEach(() => cleanup());

const plot = createRawSnippet(() => ({ render: () => '<div data-testid="plot">plot</div>' }));

describe('the shared chart helpers', () => {
  it('smooths value arrays as it smooths point lists, keeping gaps', () => {
    const ys = [4, 1, 3, 8, 2];
    const points = emaSmooth(
      ys.map((y, x) => ({ x, y })),
      0.7,
    );
    const values = emaValues(ys, 0.7);
    points.forEach((p, i) => expect(values[i]).toBeCloseTo(p.y, 12));
    expect(emaValues([1, null, 1], 0.7)).toEqual([1, null, expect.closeTo(1, 12)]);
  });

  it('turns values a log axis cannot draw into gaps', () => {
    expect(positiveValues([1e-3, 0, -2, null])).toEqual([1e-3, null, null, null]);
  });

  it('frames a chart with its title and export buttons, or says why it is empty', () => {
    const { unmount } = render(ChartFigure, {
      title: 'Loss',
      exportName: 'loss',
      onexport: () => {},
      children: plot,
    });
    expect(screen.getByRole('figure').textContent).toContain('Loss');
    expect(screen.getByRole('button', { name: 'Export loss as PNG' })).toBeTruthy();
    expect(screen.getByTestId('plot')).toBeTruthy();
    unmount();

    render(ChartFigure, { title: 'Loss per epoch', empty: 'First point soon.', children: plot });
    expect(screen.getByTestId('chart-empty').textContent).toBe('First point soon.');
    expect(screen.queryByTestId('plot')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
