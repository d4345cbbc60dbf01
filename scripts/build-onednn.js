// Builds the oneDNN kernels addon (native/onednn, issue #11) with node-gyp against Node's own
// headers. Run by `npm install` (postinstall) and by `npm run build:onednn`. It never fails an
// install: where there is no compiler or no oneDNN (Debian/Ubuntu: apt-get install libdnnl-dev)
// it says why and exits 0, and training uses the plain wasm backend (`npas doctor` says so too).
// The addon uses N-API, so the same binary loads in Node and in Electron.
// Usage: node scripts/build-onednn.js [--strict]   (--strict: exit 1 when the build fails)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
const addonDir = join(root, 'native', 'onednn');
const strict = process.argv.includes('--strict');

function done(message, ok) {
  console.log(`build-onednn: ${message}`);
  process.exit(ok || !strict ? 0 : 1);
}

if (process.env.NPAS_SKIP_ONEDNN === '1') done('skipped (NPAS_SKIP_ONEDNN=1)', true);

// Node's headers: npm passes its nodedir; a Debian/Homebrew Node keeps them beside the binary.
const headers = resolve(dirname(process.execPath), '..');
const nodedir =
  process.env.npm_config_nodedir ||
  (existsSync(join(headers, 'include', 'node', 'node_api.h')) ? headers : undefined);
let nodeGyp;
try {
  nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  done('node-gyp is not installed; the oneDNN kernels were not built (training uses wasm)');
}
const args = [nodeGyp, 'rebuild', '--release', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
const result = spawnSync(process.execPath, args, { cwd: addonDir, encoding: 'utf8' });
const built = join(addonDir, 'build', 'Release', 'npas_onednn.node');
if (result.status === 0 && existsSync(built)) done(`built ${built}`, true);
const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
const missingHeader = /dnnl\.hpp: No such file|cannot find -ldnnl/.test(output);
const firstError =
  output
    .split('\n')
    .find(
      (line) =>
        /error/i.test(line) && !/gyp ERR! (stack|System|command|cwd|node|not ok)/.test(line),
    ) ?? `node-gyp exited with ${result.status}`;
done(
  missingHeader
    ? 'oneDNN was not found (Debian/Ubuntu: apt-get install libdnnl-dev, then npm run build:onednn); training uses wasm'
    : `the oneDNN kernels were not built (${firstError.trim()}); training uses wasm`,
  false,
);
