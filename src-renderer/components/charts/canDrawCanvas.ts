// Whether this page can draw canvas charts (uPlot): a browser or Electron can; a DOM without a 2D
// canvas context (server-side, happy-dom in tests) cannot, and charts show their fallback there.

/** True where a <canvas> gives a 2D context. */
export function canDrawCanvas(): boolean {
  return typeof document !== 'undefined' && !!document.createElement('canvas').getContext('2d');
}
