// The installer configuration (issue #6, Packaging): it passes electron-builder's own schema,
// names the four targets and the icons, and its file patterns, resolved against the real tree,
// take the wasm kernels, the SQLite binding, the sample data and the presets. The app's bundles
// are configured (main, engine worker, CommonJS preload, renderer).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { onednnCandidates } from '../../../src-main/engine/backend/onednnAddon';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..', '..');
const yaml = require('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  extraResources: { from: string; to: string }[];
  asarUnpack: string[];
  linux: { target: string[]; icon: string; files: string[] };
  win: { target: string[]; icon: string; files: string[] };
  mac: { target: string[]; icon: string; files: string[] };
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** Files under `dir` (relative to root), recursively. */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(relative(root, path));
  }
  return out;
}

/** A glob as electron-builder's minimatch reads it, enough for these patterns. */
function globRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

describe('the electron-builder configuration', () => {
  it("passes electron-builder's configuration schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    await expect(
      validateConfiguration(structuredClone(config), new DebugLogger(false)),
    ).resolves.toBeUndefined();
    await expect(
      validateConfiguration(
        { ...structuredClone(config), asarUnpacked: ['typo'] },
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/configuration/i);
  });

  it('builds AppImage and deb, nsis and dmg with the app icon', () => {
    expect(config.appId).toBe('org.npas.studio');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    const icon = PNG.sync.read(readFileSync(join(root, config.linux.icon)));
    expect([icon.width, icon.height]).toEqual([512, 512]);
    expect(readFileSync(join(root, config.win.icon)).readUInt16LE(2)).toBe(1); // ICO type
    expect(readFileSync(join(root, config.mac.icon)).toString('ascii', 0, 4)).toBe('icns');
  });

  it('keeps the wasm kernels and the SQLite binding outside the asar archive', () => {
    const wasm = walk(join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')).filter((f) =>
      f.endsWith('.wasm'),
    );
    expect(wasm.length).toBeGreaterThanOrEqual(3);
    const sqlite = walk(join(root, 'node_modules/better-sqlite3/build/Release')).filter((f) =>
      f.endsWith('Release/better_sqlite3.node'),
    );
    expect(sqlite).toHaveLength(1);
    const unpacked = config.asarUnpack.map(globRegex);
    for (const file of [...wasm, ...sqlite])
      expect(
        unpacked.some((re) => re.test(file)),
        file,
      ).toBe(true);
    expect(unpacked.some((re) => re.test('node_modules/zod/index.js'))).toBe(false);
  });

  it("unpacks Dawn's dawn.node and ships only the installer's own platform folder", () => {
    const dawn = walk(join(root, 'node_modules/webgpu/dist')).filter((f) =>
      f.endsWith('dawn.node'),
    );
    expect(dawn.length).toBeGreaterThanOrEqual(5);
    const unpacked = config.asarUnpack.map(globRegex);
    for (const file of dawn)
      expect(
        unpacked.some((re) => re.test(file)),
        file,
      ).toBe(true);
    const kept = (platform: 'linux' | 'win' | 'mac') => {
      const excluded = config[platform].files.map((f) => globRegex(f.replace(/^!/, '')));
      return dawn
        .filter((f) => !excluded.some((re) => re.test(f)))
        .map((f) => f.split('/').at(-2))
        .sort();
    };
    expect(kept('linux')).toEqual(['linux-arm64', 'linux-x64']);
    expect(kept('win')).toEqual(['win32-arm64', 'win32-x64']);
    expect(kept('mac')).toEqual(['darwin-universal']);
  });

  it('ships the bundled sample data and presets as resources/', () => {
    // The oneDNN addon's folders exist only where it was built (or fetched by the release job).
    const present = config.extraResources.filter(
      ({ from }) => !from.startsWith('native/onednn/') || existsSync(join(root, from)),
    );
    const shipped = present.flatMap(({ from, to }) =>
      walk(join(root, from)).map((file) => join('resources-out', to, relative(from, file))),
    );
    for (const name of [
      'train-images-idx3-ubyte.gz',
      'train-labels-idx1-ubyte.gz',
      't10k-images-idx3-ubyte.gz',
      'classes.json',
    ]) {
      expect(shipped).toContain(
        join('resources-out', 'resources', 'sample', 'fashion-mnist', name),
      );
    }
    expect(shipped).toContain(join('resources-out', 'resources', 'presets', 'quickstart.json'));
    // The main process points NPAS_RESOURCES_DIR at process.resourcesPath/resources.
    const main = readFileSync(join(root, 'src-main/app/index.ts'), 'utf8');
    expect(main).toMatch(/NPAS_RESOURCES_DIR = join\(process\.resourcesPath, 'resources'\)/);
    expect(config.files).toContain('out/**/*');
  });

  it('configures bundles for the main process, the engine worker, the preload and the renderer', () => {
    const vite = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8');
    for (const entry of [
      'src-main/app/index.ts',
      'src-main/engine/worker.ts',
      'src-main/app/preload.ts',
      'src-renderer/index.html',
    ]) {
      expect(vite).toContain(entry);
      expect(existsSync(join(root, entry))).toBe(true);
    }
    expect(vite).toMatch(/format: 'cjs'/);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('has a release workflow building installers on three systems for version tags', () => {
    const workflow = yaml.load(
      readFileSync(join(root, '.github/workflows/release.yml'), 'utf8'),
    ) as {
      on: { push: { tags: string[] } };
      jobs: {
        installers: {
          strategy: { matrix: { include: { os: string; flags: string }[] } };
          steps: { run?: string }[];
        };
      };
    };
    expect(workflow.on.push.tags).toEqual(['v*']);
    const job = workflow.jobs.installers;
    expect(job.strategy.matrix.include.map((m) => m.os)).toEqual([
      'ubuntu-latest',
      'windows-latest',
      'macos-latest',
    ]);
    const runs = job.steps.map((s) => s.run).filter(Boolean);
    expect(runs).toEqual([
      'npm ci',
      'npm run build',
      'npx electron-builder ${{ matrix.flags }} --publish never',
    ]);
  });

  it('ships the oneDNN addon (local build or release prebuild) where the packaged app looks for it', () => {
    const resources = '/opt/NPAS Studio/resources';
    const candidates = onednnCandidates({}, resources);
    const onednn = config.extraResources.filter(({ from }) => from.startsWith('native/onednn/'));
    expect(onednn.map(({ from, to }) => [from, to])).toEqual([
      ['native/onednn/prebuilds', 'native/onednn/prebuilds'],
      ['native/onednn/build/Release', 'native/onednn/build/Release'],
    ]);
    expect(candidates).toContain(
      join(
        resources,
        'native/onednn/prebuilds',
        `${process.platform}-${process.arch}`,
        'npas_onednn.node',
      ),
    );
    expect(candidates).toContain(join(resources, 'native/onednn/build/Release/npas_onednn.node'));
  });
});
