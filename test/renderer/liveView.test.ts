// The live-run screen's derivations (issue #12 item 7): best validation top-1 with the test
// top-1 of its epoch, speed and ETA only while running, the phase only while training, what an
// empty per-epoch chart says, and curves smoothed and made log-ready.
import { describe, expect, it } from 'vitest';
import {
  bestTop1,
  epochChartEmpty,
  phaseLabel,
  showsSpeed,
  viewValues,
} from '../../src-renderer/features/live/liveView';

describe('the live-run derivations', () => {
  it('takes the test top-1 of the best-validation epoch, not the best test top-1', () => {
    expect(bestTop1([0.3, 0.55, null, 0.5], [0.31, 0.52, 0.9, 0.6])).toEqual({
      validation: 0.55,
      test: 0.52,
    });
  });

  it('falls back to the best test top-1 when no epoch was validated', () => {
    expect(bestTop1([null, null], [0.2, 0.4])).toEqual({ validation: null, test: 0.4 });
    expect(bestTop1([], [])).toEqual({ validation: null, test: null });
  });

  it('shows images/s and ETA only while the run is running', () => {
    expect(showsSpeed('running')).toBe(true);
    for (const status of ['stopped', 'stopping', 'completed', 'failed', 'queued', null] as const) {
      expect(showsSpeed(status)).toBe(false);
    }
  });

  it('names the phase while the run trains and drops it once the run has ended', () => {
    expect(phaseLabel('running', 'main')).toBe('main training');
    expect(phaseLabel('stopping', 'search')).toBe('search');
    expect(phaseLabel('completed', 'main')).toBeNull();
    expect(phaseLabel('stopped', 'main')).toBeNull();
    expect(phaseLabel('running', null)).toBeNull();
  });

  it('says when an empty per-epoch chart gets its first point, and that a dead run has none', () => {
    expect(epochChartEmpty(0, 'running')).toBe('First point after epoch 1 finishes.');
    expect(epochChartEmpty(0, 'queued')).toBe('First point after epoch 1 finishes.');
    expect(epochChartEmpty(0, 'stopped')).toBe(
      'No epoch finished yet: first point after epoch 1 finishes once resumed.',
    );
    expect(epochChartEmpty(0, 'completed')).toMatch(/No per-epoch results/);
    expect(epochChartEmpty(2, 'running')).toBeNull();
  });

  it('smooths a curve with a debiased EMA and leaves it raw at weight 0', () => {
    const raw = [1, 3, null, 3];
    expect(viewValues(raw, { smoothing: 0, logY: false })).toBe(raw); // no copy per push
    const smoothed = Array.from(viewValues([2, 2, 2], { smoothing: 0.9, logY: false }));
    // Debiased: a constant curve stays at its value from the first point on.
    smoothed.forEach((v) => expect(v).toBeCloseTo(2, 10));
    const [a, b] = Array.from(viewValues([0, 10], { smoothing: 0.5, logY: false }));
    expect(a).toBeCloseTo(0, 10);
    expect(b).toBeCloseTo(20 / 3, 10); // (0.5·0.5·0 + 0.5·10) / (1 − 0.25)
  });

  it('makes values a log axis cannot draw into gaps', () => {
    expect(viewValues([0.5, 0, -1, null, 2], { smoothing: 0, logY: true })).toEqual([
      0.5,
      null,
      null,
      null,
      2,
    ]);
  });
});
