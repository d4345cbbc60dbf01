// Template shapes of resized layers: the Inter p-search of normal training (ssn.md §3, "inter")
// and the 2-D templates of the learned-groups search model (ssn.md §4.2 step 2). Pure numbers.
import { roundHalfEven } from './roundHalfEven';

/** Result of the Inter search: the warped template shape, or why none fits. */
export type InterSearch =
  { ok: true; shape: number[]; scale: number } | { ok: false; scale: number; smallest: number };

/**
 * Shrinks [out, in, ...kernel] by p = 0.95, 0.90, ... (float steps, `p -= 0.05`, as the
 * reference) until K templates fit in `store`; dims use Python's half-to-even round. Fails where
 * the reference asserts (p reaches 0, or a dimension rounds to 0).
 */
export function interTemplateShape(shape: number[], store: number, templates: number): InterSearch {
  const rest = shape.slice(2).reduce((a, b) => a * b, 1);
  let p = 0.95;
  let smallest = Infinity;
  const dims = (scale: number) => [
    roundHalfEven(shape[0] * scale),
    roundHalfEven(shape[1] * scale),
  ];
  for (;;) {
    const [o, i] = dims(p);
    const need = o * i * rest * templates;
    if (need > 0) smallest = need;
    if (!(store < need)) break;
    p -= 0.05;
  }
  const [o, i] = dims(p);
  if (p <= 0 || o <= 0 || i <= 0) return { ok: false, scale: p, smallest };
  return { ok: true, shape: [o, i, ...shape.slice(2)], scale: p };
}

/**
 * The search model's template: [h, w] with ratio = (in·k·k)/out, h = ⌊√(⌊⌊P/K⌋ / ratio⌋)⌋,
 * w = ⌊P / (h·K)⌋, so K templates fill the store. Returns null where h would be 0.
 */
export function searchTemplateShape(
  shape: number[],
  store: number,
  templates: number,
): number[] | null {
  const inSize = shape.slice(1).reduce((a, b) => a * b, 1);
  const ratio = inSize / shape[0];
  const h = Math.floor(Math.sqrt(Math.floor(Math.floor(store / templates) / ratio)));
  if (h <= 0) return null;
  return [h, Math.floor(store / (h * templates))];
}
