// What `npas --version` and `npas doctor` print so a bug report carries it (issue #15): the
// product version, the commit when run from a git checkout, Node, and the installed TensorFlow.js
// and backend package versions. Read from package.json files, without loading tfjs, so
// `--version` stays fast.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface VersionInfo {
  product: string;
  version: string;
  /** `git describe --always --dirty` of the checkout; null outside one (an installed copy). */
  commit: string | null;
  node: string;
  /** Installed version of each TensorFlow.js package, null when it is not installed. */
  tfjs: Record<string, string | null>;
}

/** The packages whose versions are reported: the umbrella, core and every backend. */
export const TFJS_PACKAGES = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
] as const;

/** The folder holding the app's package.json: two levels above both src-main/cli and out/main. */
export function appRoot(from = import.meta.url): string {
  return join(dirname(fileURLToPath(from)), '..', '..');
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function packageVersion(root: string, name: string): string | null {
  try {
    const require = createRequire(join(root, 'package.json'));
    return String(readJson(require.resolve(`${name}/package.json`)).version);
  } catch {
    return null; // not installed (the native backends are optional)
  }
}

/** The checkout's commit, or null when `root` is not a git checkout or git is missing. */
export function checkoutCommit(root: string): string | null {
  if (!existsSync(join(root, '.git'))) return null;
  try {
    const out = execFileSync('git', ['describe', '--always', '--dirty'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.trim() || null;
  } catch {
    return null; // git not installed: the version line goes without a commit
  }
}

export function versionInfo(root = appRoot()): VersionInfo {
  const pkg = readJson(join(root, 'package.json'));
  return {
    product: String(pkg.productName ?? pkg.name),
    version: String(pkg.version),
    commit: checkoutCommit(root),
    node: process.version,
    tfjs: Object.fromEntries(TFJS_PACKAGES.map((name) => [name, packageVersion(root, name)])),
  };
}

/** Text for `npas --version` and the head of `npas doctor`. */
export function describeVersionInfo(info: VersionInfo): string {
  const installed = Object.entries(info.tfjs).map(
    ([name, version]) => `${name.replace('@tensorflow/', '')} ${version ?? 'not installed'}`,
  );
  return [
    `${info.product} ${info.version}${info.commit ? ` (commit ${info.commit})` : ''}`,
    `node ${info.node}`,
    `tensorflow.js: ${installed.join(', ')}`,
  ].join('\n');
}
