// `npm start`: builds and opens the desktop app. Where the Electron binary is missing (its
// download is blocked, or ELECTRON_SKIP_BINARY_DOWNLOAD was set), says so plainly and points to
// the command-line path instead of failing with a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

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
      'Use the command line instead — it trains on the bundled sample data and prints the result:',
      '  npx npas train --preset quickstart',
    ].join('\n'),
  );
  process.exit(0);
}
const run = (args) => spawnSync('npx', args, { stdio: 'inherit' }).status ?? 1;
const built = run(['electron-vite', 'build']);
if (built !== 0) process.exit(built);
process.exit(run(['electron-vite', 'preview']));
