// Fixtures for the browser-mode tests: an app service over a throwaway data folder, a fake
// built renderer, and a WebSocket client that collects what the server sends.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { createAppService, type AppServiceOptions } from '../../../src-main/services/appService';

const folders: string[] = [];

export function tempDir(prefix = 'npas-server-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

export function cleanup(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** A browse-only service (no job queue) over a new data folder. */
export function tempService(options: Partial<AppServiceOptions> = {}) {
  const root = tempDir();
  return createAppService({
    appVersion: 'test',
    settingsFile: join(root, 'settings.json'),
    defaultDataDir: join(root, 'data'),
    runQueue: false,
    ...options,
  });
}

/** A folder that looks like a built renderer. */
export function fakeRenderer(): string {
  const dir = join(tempDir('npas-renderer-'), 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>NPAS Studio</title><div id="app"></div>',
  );
  writeFileSync(join(dir, 'assets', 'index.js'), 'console.log("npas")');
  return dir;
}

/** An open WebSocket and the parsed messages it received. */
export async function openSocket(
  url: string,
  origin?: string,
  headers: Record<string, string> = {},
): Promise<{ socket: WebSocket; messages: Record<string, unknown>[] }> {
  const socket = new WebSocket(url, { headers, ...(origin ? { origin } : {}) });
  const messages: Record<string, unknown>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, messages };
}

/** Waits until `predicate` holds (polling), or fails after `ms`. */
export async function waitFor<T>(read: () => T | undefined, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The status and body of a WebSocket upgrade the server refused. */
export function refusedUpgrade(
  url: string,
  origin?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on('open', () => reject(new Error('the upgrade was accepted')));
    socket.on('error', () => {});
  });
}
