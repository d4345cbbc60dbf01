// Browser-side half of scripts/bench-ui.ts, injected into every page the benchmark opens: it
// notes when the first runs-table row appears, and exposes the timed scroll and live-chart loops
// as window.npasBench. Plain JS because it runs in Chromium, not Node.
/* global window, document, requestAnimationFrame, MutationObserver, location */
(() => {
  const FIRST_ROW = '[role="rowgroup"] [role="row"][data-run-id]';

  function onFirstRow(callback) {
    const observer = new MutationObserver(() => {
      if (document.querySelector(FIRST_ROW)) {
        observer.disconnect();
        callback(performance.now());
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  }

  // Cold load: ms from navigation start until the first row is in the DOM.
  onFirstRow((now) => (window.firstRowAt = now));

  /** ms from switching the shell to the Runs screen until its first rows are in the DOM. */
  function switchToRuns() {
    return new Promise((done) => {
      const start = performance.now();
      onFirstRow((now) => done(now - start));
      location.hash = '#/runs';
    });
  }

  /** rAF deltas while the grid scrolls `step` px per frame (or jumps about) for `frames` frames. */
  function scrollFrames(step, frames, jump) {
    return new Promise((done) => {
      const grid = document.querySelector('[role="grid"]');
      const deltas = [];
      let last = 0;
      let k = 0;
      const tick = (now) => {
        deltas.push(now - last);
        last = now;
        const max = grid.scrollHeight - grid.clientHeight;
        grid.scrollTop = jump
          ? (((k * 7919 * 97) % 1000) / 1000) * max
          : Math.min(max, grid.scrollTop + step);
        if (++k < frames) requestAnimationFrame(tick);
        else
          done({
            deltas,
            rowsInDom: grid.querySelectorAll('[role="rowgroup"] [role="row"]').length,
          });
      };
      requestAnimationFrame((now) => {
        last = now;
        requestAnimationFrame(tick);
      });
    });
  }

  /** A uPlot chart of `points` points × 2 series, given new data every frame for `seconds`. */
  function liveChart(points, seconds) {
    return new Promise((done) => {
      const x = Float64Array.from({ length: points }, (_, i) => i);
      const loss = Float64Array.from(x, (i) => 2 * Math.exp(-i / 8000) + 0.05 * Math.sin(i / 50));
      const acc = Float64Array.from(x, (i) => 1 - Math.exp(-i / 9000));
      let draws = 0;
      const chart = new window.uPlot(
        {
          width: 900,
          height: 320,
          scales: { x: { time: false } },
          series: [{}, { stroke: '#2f6fdf' }, { stroke: '#d9480f' }],
          hooks: { draw: [() => draws++] },
        },
        [Array.from(x), Array.from(loss), Array.from(acc)],
        document.getElementById('chart'),
      );
      const setDataMs = [];
      let updates = 0;
      let next = points;
      const start = performance.now();
      const frame = (now) => {
        // A live run: one new point per update and the oldest dropped (a sliding window).
        const t0 = performance.now();
        const xs = Array.from(x, (_, i) => i + next - points);
        const ys1 = Array.from(loss, (_, i) => loss[(i + next) % points]);
        const ys2 = Array.from(acc, (_, i) => acc[(i + next) % points]);
        chart.setData([xs, ys1, ys2], true);
        setDataMs.push(performance.now() - t0);
        next++;
        updates++;
        if (now - start < seconds * 1000) requestAnimationFrame(frame);
        else
          requestAnimationFrame(() =>
            done({ updates, draws, seconds: (performance.now() - start) / 1000, setDataMs }),
          );
      };
      requestAnimationFrame(frame);
    });
  }

  window.npasBench = { switchToRuns, scrollFrames, liveChart };
})();
