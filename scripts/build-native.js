// Builds better-sqlite3 for the installed Electron into build/native/better_sqlite3.node,
// leaving node_modules (built for Node: tests, the CLI) untouched. The desktop app loads this
// copy in a checkout (src-main/app/nativeBinding.ts); packaged apps get theirs from
// electron-builder. Needs a C++ toolchain and the Electron headers (downloaded by node-gyp).
// Usage: node scripts/build-native.js [--force]
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
export const OUTPUT = join(root, 'build', 'native', 'better_sqlite3.node');

function fail(message) {
  console.error(`build-native: ${message}`);
  process.exit(1);
}

if (existsSync(OUTPUT) && !process.argv.includes('--force')) {
  console.log(`build-native: ${OUTPUT} exists (pass --force to rebuild)`);
  process.exit(0);
}

const electronVersion = require('electron/package.json').version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const work = mkdtempSync(join(tmpdir(), 'npas-native-'));
try {
  // Build in a copy so the Node build in node_modules keeps working.
  const copy = join(work, 'better-sqlite3');
  const oldBuild = join(sqliteDir, 'build');
  cpSync(sqliteDir, copy, { recursive: true, filter: (path) => !path.startsWith(oldBuild) });
  console.log(
    `build-native: building better-sqlite3 for Electron ${electronVersion} (${process.arch})...`,
  );
  const result = spawnSync(
    process.execPath,
    [
      nodeGyp,
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      `--arch=${process.arch}`,
      '--runtime=electron',
      '--dist-url=https://electronjs.org/headers',
    ],
    { cwd: copy, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    fail(
      `node-gyp failed (exit ${result.status}); it needs a C++ compiler, Python and the Electron ` +
        'headers from electronjs.org. The command-line tools (npx npas ...) do not need this build.',
    );
  }
  const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(built)) fail(`node-gyp finished but ${built} is missing`);
  mkdirSync(dirname(OUTPUT), { recursive: true });
  copyFileSync(built, OUTPUT);
  console.log(`build-native: wrote ${OUTPUT}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
