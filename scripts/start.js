// `npm start`: builds and opens the desktop app. Where the Electron binary is missing (its
// download is blocked, or ELECTRON_SKIP_BINARY_DOWNLOAD was set), says so plainly and points to
// the command-line path and browser mode instead of failing with a stack trace. Before the first
// start it builds better-sqlite3 for Electron (scripts/build-native.js) into build/native/,
// leaving the Node build that tests and the CLI use alone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

if (!electronBinary()) {
  console.log(
    [
      'NPAS Studio: the Electron binary is not installed on this machine, so the desktop app cannot open.',
      '(npm installs it from the internet; the download was skipped or blocked.)',
      '',
      'Use the same interface in a web browser instead (browser mode):',
      '  npm run build && npx npas serve        then open http://127.0.0.1:4646/',
      'or the command line — it trains on the bundled sample data and prints the result:',
      '  npx npas train --preset quickstart',
    ].join('\n'),
  );
  process.exit(0);
}
const run = (command, args) =>
  spawnSync(command, args, { stdio: 'inherit', cwd: root }).status ?? 1;
if (!existsSync(join(root, 'build', 'native', 'better_sqlite3.node'))) {
  if (run(process.execPath, [join(root, 'scripts', 'build-native.js')]) !== 0) {
    console.log(
      'NPAS Studio: could not build the SQLite module for Electron (see above); the app will open ' +
        'but cannot use its runs database. Set NPAS_SQLITE_BINDING to a better_sqlite3.node built ' +
        'for this Electron, or use browser mode: npx npas serve',
    );
  }
}
const built = run('npx', ['electron-vite', 'build']);
if (built !== 0) process.exit(built);
process.exit(run('npx', ['electron-vite', 'preview']));
