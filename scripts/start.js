// `npm start`: builds and opens the desktop app. The Electron binary is not downloaded by `npm ci`
// (package.json's allowScripts denies electron's install script, so installing works without
// GitHub); the first start downloads it (scripts/ensure-electron.js). Where that fails, says so
// plainly and points to the command-line path and browser mode instead of a stack trace. Before
// the first start it builds better-sqlite3 for Electron (scripts/build-native.js) into
// build/native/, leaving the Node build that tests and the CLI use alone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureElectron, unavailableMessage } from './ensure-electron.js';

const root = resolve(import.meta.dirname, '..');

const electron = ensureElectron();
if (!electron.binary) {
  console.log(unavailableMessage(electron.reason));
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
