// Per-run colours and dash patterns for overlaid charts: colour and dash both differ, so runs stay
// distinguishable for colour-blind users and in greyscale prints.

const COLORS = [
  '#2f6fdf',
  '#d9480f',
  '#2b8a3e',
  '#9c36b5',
  '#e8590c',
  '#0c8599',
  '#c2255c',
  '#5c940d',
  '#862e9c',
  '#1864ab',
];
const DASHES: number[][] = [[], [6, 3], [2, 3], [8, 3, 2, 3]];

/** The colour of the run at `index` in the compare order. */
export function runColor(index: number): string {
  return COLORS[index % COLORS.length];
}

/** The dash pattern (canvas setLineDash / SVG stroke-dasharray) of the run at `index`. */
export function runDash(index: number): number[] {
  return DASHES[Math.floor(index / COLORS.length + index) % DASHES.length];
}

/** Method colours for the scatter and frontier. */
export const METHOD_COLORS: Record<string, string> = {
  unshared: '#5d6677',
  ssn: '#2f6fdf',
  superweights: '#d9480f',
};

export function methodColor(method: string): string {
  return METHOD_COLORS[method] ?? '#2b8a3e';
}
