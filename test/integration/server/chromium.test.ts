// Browser mode's access rules in a real browser (Debian's Chromium, as in test/e2e): a sandboxed
// iframe (Origin: null) on any page cannot open the local server's WebSocket; opening the printed
// URL with ?token= ends on the same address without the token, and the page's own API call and
// WebSocket (which cannot send headers) authenticate with the HttpOnly cookie.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../src-main/server/startServer';
import { launchBrowser } from '../../e2e/helpers/browser';
import { cleanup, tempDir, tempService } from './helpers';

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
  cleanup();
});

/** A stand-in renderer whose script calls the API and opens /events, then reports in the title. */
function probeRenderer(): string {
  const dir = join(tempDir('npas-renderer-'), 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>loading</title><script type="module" src="/assets/index.js"></script>',
  );
  writeFileSync(
    join(dir, 'assets', 'index.js'),
    `const api = await fetch('/api/getSettings', {
       method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
     const socket = new WebSocket(location.origin.replace('http', 'ws') + '/events');
     socket.onopen = () => { document.title = 'api ' + api.status + ', socket open'; };
     socket.onerror = () => { document.title = 'api ' + api.status + ', socket refused'; };`,
  );
  return dir;
}

describe('browser mode in Chromium', () => {
  it('refuses the WebSocket to a sandboxed iframe of another page (Origin null)', async () => {
    const service = tempService();
    const server = await startServer({ service, port: 0, rendererDir: probeRenderer() });
    try {
      browser ??= await launchBrowser();
      const page = await browser.newPage();
      const ws = `${server.origin.replace('http', 'ws')}/events`;
      // The attacker's page: about:blank here, any site on the web in real life.
      const probe =
        `<script>const s = new WebSocket(${JSON.stringify(ws)});` +
        `s.onopen = () => parent.postMessage('socket open', '*');` +
        `s.onerror = () => parent.postMessage('socket refused', '*');</script>`;
      await page.setContent(
        `<title>waiting</title><script>addEventListener('message', (e) => (document.title = e.data));</script>` +
          `<iframe sandbox="allow-scripts" srcdoc="${probe.replace(/"/g, '&quot;')}"></iframe>`,
      );
      await page.waitForFunction("document.title !== 'waiting'", undefined, {
        timeout: 10_000,
      });
      expect(await page.title()).toBe('socket refused');
    } finally {
      await server.close();
      await service.close();
    }
  });

  it('leaves the token out of the address and runs the page, its API calls and WebSocket on the cookie', async () => {
    const service = tempService();
    const server = await startServer({
      service,
      port: 0,
      token: 'browser-token-123',
      rendererDir: probeRenderer(),
    });
    try {
      browser ??= await launchBrowser();
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      await page.goto(`${server.origin}/runs?tab=all&token=browser-token-123#/compare`);
      await page.waitForFunction("document.title !== 'loading'", undefined, {
        timeout: 10_000,
      });
      expect(await page.title()).toBe('api 200, socket open');
      expect(page.url()).toBe(`${server.origin}/runs?tab=all#/compare`);
      // After the first request nothing carries the token in its URL.
      expect(requested.slice(1).filter((url) => url.includes('token'))).toEqual([]);
      const cookies = await page.context().cookies();
      expect(cookies).toEqual([
        expect.objectContaining({
          name: 'npas_token',
          value: 'browser-token-123',
          httpOnly: true,
          sameSite: 'Strict',
        }),
      ]);
    } finally {
      await server.close();
      await service.close();
    }
  });
});
