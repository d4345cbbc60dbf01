// Fetches the Electron binary when it is first needed (`npm start`, `npm run dist`) instead of at
// install time: package.json's allowScripts denies electron's postinstall, so `npm ci` succeeds on
// a machine that cannot reach GitHub (offline labs, proxies, CI images) with no environment
// variable. Where the fetch fails, the caller explains and points to browser mode and the CLI.
// Run directly (`node scripts/ensure-electron.js`) it exits 1 with that explanation.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * The next step towards a usable Electron binary: 'ready' when it is there, 'install' when it is
 * missing and electron's own install script has not been tried yet, 'unavailable' when it is
 * missing after a try, or when ELECTRON_SKIP_BINARY_DOWNLOAD says not to try (its install script
 * would exit 0 and do nothing).
 */
export function electronStep({ binary, installTried, skipDownload }) {
  if (binary) return 'ready';
  if (installTried || skipDownload) return 'unavailable';
  return 'install';
}

/** The electron package's folder, or null when the package itself is not installed. */
function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * The Electron executable's path when it exists, else null. Reads what electron's index.js reads
 * (path.txt, written by its install script; ELECTRON_OVERRIDE_DIST_PATH) without requiring it,
 * since that throws when the binary was never downloaded.
 */
export function findElectronBinary(env = process.env) {
  const dir = electronPackageDir();
  if (!dir) return null;
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  let binary = null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
  } else if (relative) {
    binary = join(dir, 'dist', relative);
  }
  return binary && existsSync(binary) ? binary : null;
}

/** Runs electron's install script (download, checksum, unzip); returns why it failed, or null. */
function runElectronInstall() {
  const dir = electronPackageDir();
  if (!dir) return 'the electron package is not installed (run npm ci)';
  console.log('NPAS Studio: downloading the Electron binary (first start only)...');
  const result = spawnSync(process.execPath, [join(dir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status === 0) return null;
  // install.js prints a stack trace; its first line is the reason (e.g. getaddrinfo ENOTFOUND).
  const first = (result.stderr || '').split('\n').find((line) => line.trim()) ?? '';
  return first.trim() || `electron's install script exited with ${result.status}`;
}

/**
 * Makes sure the Electron binary is there, downloading it once if needed. Returns
 * { binary } or { binary: null, reason }.
 */
export function ensureElectron(env = process.env) {
  let binary = findElectronBinary(env);
  let installTried = false;
  let reason = env.ELECTRON_SKIP_BINARY_DOWNLOAD ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' : '';
  for (;;) {
    const step = electronStep({
      binary,
      installTried,
      skipDownload: Boolean(env.ELECTRON_SKIP_BINARY_DOWNLOAD),
    });
    if (step === 'ready') return { binary };
    if (step === 'unavailable') return { binary: null, reason };
    reason = runElectronInstall() ?? 'the download finished but no binary was found';
    installTried = true;
    binary = findElectronBinary(env);
  }
}

/** What to tell a user whose machine cannot get the Electron binary. */
export function unavailableMessage(reason) {
  return [
    'NPAS Studio: the Electron binary could not be downloaded, so the desktop app cannot open.',
    `(reason: ${reason})`,
    '',
    'Use the same interface in a web browser instead (browser mode):',
    '  npm run build && npx npas serve        then open http://127.0.0.1:4646/',
    'or the command line — it trains on the bundled sample data and prints the result:',
    '  npx npas train --preset quickstart',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { binary, reason } = ensureElectron();
  if (!binary) {
    console.error(unavailableMessage(reason));
    process.exit(1);
  }
}
