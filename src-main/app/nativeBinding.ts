// Which better-sqlite3 native module the Electron main process loads. Electron has its own Node
// ABI, so the package's default build (made for the Node that runs tests and the CLI) cannot
// be used: a checkout uses the copy scripts/build-native.js builds under build/native/, a
// packaged app the one electron-builder rebuilt in place (install-app-deps), and
// NPAS_SQLITE_BINDING overrides both.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where scripts/build-native.js puts the Electron build, relative to the app's root. */
export const ELECTRON_BINDING_PATH = join('build', 'native', 'better_sqlite3.node');

/** The binding to pass to openDatabase, or undefined for the package's own build. */
export function electronNativeBinding(options: {
  appRoot: string;
  packaged: boolean;
  env?: NodeJS.ProcessEnv;
}): string | undefined {
  const fromEnv = (options.env ?? process.env).NPAS_SQLITE_BINDING?.trim();
  if (fromEnv) return fromEnv;
  if (options.packaged) return undefined;
  const local = join(options.appRoot, ELECTRON_BINDING_PATH);
  return existsSync(local) ? local : undefined;
}
