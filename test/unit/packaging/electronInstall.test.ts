// Installing without GitHub (issue #15): `npm ci` must not run electron's install script (it
// downloads the binary from GitHub and fails offline); `npm start` and `npm run dist` fetch the
// binary when first needed and explain when they cannot.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  electronStep,
  findElectronBinary,
  unavailableMessage,
} from '../../../scripts/ensure-electron.js';
import packageJson from '../../../package.json' with { type: 'json' };

describe('installing without the Electron binary', () => {
  it("denies electron's install script in package.json's allowScripts", () => {
    // npm runs the scripts of packages the policy does not mention (with a notice): only an
    // explicit false skips them.
    expect((packageJson.allowScripts as Record<string, boolean>).electron).toBe(false);
  });

  it('fetches the binary before building installers', () => {
    expect(packageJson.scripts.dist).toMatch(/^node scripts\/ensure-electron\.js && /);
  });

  it('opens the app when the binary is there', () => {
    expect(electronStep({ binary: '/x/electron', installTried: false, skipDownload: false })).toBe(
      'ready',
    );
  });

  it("runs electron's own install once when the binary is missing", () => {
    expect(electronStep({ binary: null, installTried: false, skipDownload: false })).toBe(
      'install',
    );
  });

  it('gives up with an explanation when the binary is still missing after the install', () => {
    expect(electronStep({ binary: null, installTried: true, skipDownload: false })).toBe(
      'unavailable',
    );
  });

  it('does not try to download when ELECTRON_SKIP_BINARY_DOWNLOAD is set', () => {
    expect(electronStep({ binary: null, installTried: false, skipDownload: true })).toBe(
      'unavailable',
    );
  });

  it('finds the binary only where the executable exists', () => {
    const dist = mkdtempSync(join(tmpdir(), 'npas-electron-'));
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist })).toBeNull();
    writeFileSync(join(dist, 'electron'), '');
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist })).toBe(join(dist, 'electron'));
  });

  it('points to browser mode and the command line when the download fails', () => {
    const message = unavailableMessage('getaddrinfo ENOTFOUND github.com');
    expect(message).toContain('getaddrinfo ENOTFOUND github.com');
    expect(message).toContain('npx npas serve');
    expect(message).toContain('npx npas train --preset quickstart');
  });
});
