// Types for bin/cli-entry.js (plain JavaScript: it decides whether tsx is needed at all).
export const COMPILED: string;
export const SOURCE: string;
export function newestMtime(dir: string): number;
export function cliEntry(root: string): { kind: 'compiled' | 'source'; path: string };
