// Types for scripts/ensure-electron.js (plain JavaScript so `npm start` runs before any build).
export type ElectronStep = 'ready' | 'install' | 'unavailable';
export function electronStep(state: {
  binary: string | null;
  installTried: boolean;
  skipDownload: boolean;
}): ElectronStep;
export function findElectronBinary(env?: NodeJS.ProcessEnv): string | null;
export function ensureElectron(
  env?: NodeJS.ProcessEnv,
): { binary: string; reason?: undefined } | { binary: null; reason: string };
export function unavailableMessage(reason: string): string;
