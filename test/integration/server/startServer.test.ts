// Browser mode end to end over real sockets: the default binding, the token on other addresses,
// argument validation on HTTP and WebSocket, and events pushed over the WebSocket.
import { createServer } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src-main/server/startServer';
import type { AppService } from '../../../src-main/services/appService';
import {
  cleanup,
  fakeRenderer,
  openSocket,
  refusedUpgrade,
  tempDir,
  tempService,
  waitFor,
} from './helpers';

const open: { server: RunningServer; service: AppService }[] = [];

/** Whether this system can listen on 127.0.0.2 (decided once, before the tests are collected). */
const canBindOtherLoopback = await new Promise<boolean>((resolve, reject) => {
  const probe = createServer();
  probe.once('error', (error: NodeJS.ErrnoException) =>
    error.code === 'EADDRNOTAVAIL' ? resolve(false) : reject(error),
  );
  probe.listen(0, '127.0.0.2', () => probe.close(() => resolve(true)));
});

async function serve(options: { host?: string; token?: string } = {}) {
  const service = tempService();
  const server = await startServer({ service, port: 0, rendererDir: fakeRenderer(), ...options });
  open.push({ server, service });
  return { server, service };
}

/** A response body as the API answers (ApiResult), loosely typed for assertions. */
interface Answer {
  ok: boolean;
  value: { theme?: string } & Record<string, unknown>;
  error: { kind: string; message: string };
}
const answer = async (response: Response) => (await response.json()) as Answer;

function post(origin: string, method: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

afterEach(async () => {
  for (const { server, service } of open.splice(0)) {
    await server.close();
    await service.close();
  }
});
afterAll(cleanup);

describe('npas serve (browser mode)', () => {
  it('binds 127.0.0.1 without a token and serves the renderer and the API', async () => {
    const { server } = await serve();
    expect(server.host).toBe('127.0.0.1');
    expect(server.token).toBeNull();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="app">');
    expect((await fetch(`${server.origin}/runs/123`)).status).toBe(200); // the app routes itself
    expect((await fetch(`${server.origin}/assets/missing.js`)).status).toBe(404);
    const response = await post(server.origin, 'listRuns', [{ page: { limit: 10, offset: 0 } }]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, value: { rows: [], total: 0 } });
  });

  it('answers bad POST arguments with 400 and a message naming the field; the server keeps going', async () => {
    const { server } = await serve();
    const bad = await post(server.origin, 'startRun', [{ training: { epochs: 'many' } }]);
    expect(bad.status).toBe(400);
    const body = await answer(bad);
    expect(body.ok).toBe(false);
    expect(body.error.kind).toBe('config');
    expect(body.error.message).toMatch(/^api:startRun: invalid arguments: 0\.training\.epochs: /);
    expect((await post(server.origin, 'dropDatabase', [])).status).toBe(404);
    expect((await post(server.origin, 'getRun', '{not json')).status).toBe(400);
    const text = await fetch(`${server.origin}/api/getSettings`, { method: 'POST', body: '[]' });
    expect(text.status).toBe(415);
    const notFound = await answer(await post(server.origin, 'getRun', ['01NOSUCHRUN']));
    expect(notFound.error).toMatchObject({
      kind: 'store',
      message: "no run with id '01NOSUCHRUN'",
    });
    expect((await post(server.origin, 'getSettings', [])).status).toBe(200);
  });

  it('refuses a cross-site request even on 127.0.0.1', async () => {
    const { server } = await serve();
    const response = await post(server.origin, 'deleteRun', ['01ABC'], {
      origin: 'https://evil.example',
    });
    expect(response.status).toBe(403);
    const upgrade = await refusedUpgrade(
      `${server.origin.replace('http', 'ws')}/events`,
      'https://evil.example',
    );
    expect(upgrade.status).toBe(403);
    expect(upgrade.body).toMatch(/requests from https:\/\/evil.example are not allowed/);
  });

  it('treats Origin null and foreign origins as foreign and lets its own origin and no Origin through, on HTTP and the WebSocket', async () => {
    const { server } = await serve();
    const ws = `${server.origin.replace('http', 'ws')}/events`;
    // A sandboxed iframe, a data: or file: page sends the string "null": it is not this server.
    for (const origin of ['null', 'https://evil.example', 'http://127.0.0.1:1']) {
      const response = await post(server.origin, 'listRuns', [{}], { origin });
      expect(response.status, origin).toBe(403);
      expect((await answer(response)).error.message).toContain(`requests from ${origin}`);
      const upgrade = await refusedUpgrade(ws, origin);
      expect(upgrade.status, origin).toBe(403);
      expect(upgrade.body).toContain(`requests from ${origin} are not allowed`);
    }
    // The page itself (its own origin) and scripts or curl (no Origin) are served.
    const own = await post(server.origin, 'getSettings', [], { origin: server.origin });
    expect(own.status).toBe(200);
    expect((await post(server.origin, 'getSettings', [])).status).toBe(200);
    const withOwn = await openSocket(ws, server.origin);
    withOwn.socket.close();
    const withNone = await openSocket(ws);
    withNone.socket.close();
  });

  // Some systems route only 127.0.0.1: there this case is reported as skipped (the policy itself
  // is covered by the unit tests and the token tests on 127.0.0.1).
  it.skipIf(!canBindOtherLoopback)(
    'requires a token on any other address (127.0.0.2; skipped where it cannot be bound): 401 without it, for HTTP and the WebSocket',
    async () => {
      const { server } = await serve({ host: '127.0.0.2' });
      expect(server.tokenGenerated).toBe(true);
      expect(server.url).toContain(`?token=${server.token}`);
      const refused = await post(server.origin, 'getSettings', []);
      expect(refused.status).toBe(401);
      expect((await answer(refused)).error.message).toMatch(/requires a token/);
      expect((await fetch(`${server.origin}/`)).status).toBe(401);
      const wrong = await post(server.origin, 'getSettings', [], {
        authorization: 'Bearer not-the-token',
      });
      expect(wrong.status).toBe(401);
      const right = await post(server.origin, 'getSettings', [], {
        authorization: `Bearer ${server.token}`,
      });
      expect(right.status).toBe(200);
      const ws = server.origin.replace('http', 'ws');
      const upgrade = await refusedUpgrade(`${ws}/events`);
      expect(upgrade.status).toBe(401);
      expect(upgrade.body).toMatch(/requires a token/);
      const { socket } = await openSocket(`${ws}/events`, undefined, {
        authorization: `Bearer ${server.token}`,
      });
      socket.close();
    },
  );

  it('trades a page URL with ?token= for an HttpOnly cookie and redirects to the URL without it; the page and its WebSocket then use the cookie', async () => {
    const { server } = await serve({ token: 'the-page-token' });
    const first = await fetch(server.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toBe('npas_token=the-page-token; HttpOnly; SameSite=Strict; Path=/');
    // Other parameters and the path stay; only the token leaves the address.
    const deep = await fetch(`${server.origin}/runs/01ABC?tab=curves&token=the-page-token&x=1`, {
      redirect: 'manual',
    });
    expect(deep.status).toBe(303);
    expect(deep.headers.get('location')).toBe('/runs/01ABC?tab=curves&x=1');
    // A wrong token is not traded for anything.
    const wrong = await fetch(`${server.origin}/?token=not-the-token`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const cookie = setCookie.split(';')[0];
    const page = await fetch(`${server.origin}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect((await fetch(`${server.origin}/assets/index.js`, { headers: { cookie } })).status).toBe(
      200,
    );
    const api = await post(server.origin, 'getSettings', [], { cookie, origin: server.origin });
    expect(api.status).toBe(200);
    const { socket } = await openSocket(
      `${server.origin.replace('http', 'ws')}/events`,
      server.origin,
      {
        cookie,
      },
    );
    socket.close();
  });

  it('answers a WebSocket message that fails validation with an error naming the problem, then keeps serving', async () => {
    const { server } = await serve();
    const { socket, messages } = await openSocket(`${server.origin.replace('http', 'ws')}/events`);
    socket.send('not json');
    socket.send(JSON.stringify({ type: 'call', id: 2, method: 'tagRun', args: ['01ABC', []] }));
    socket.send(JSON.stringify({ type: 'call', id: 3, method: 'eval', args: [] }));
    socket.send(JSON.stringify({ type: 'subscribe', id: 4 }));
    socket.send(JSON.stringify({ type: 'call', id: 5, method: 'getSettings', args: [] }));
    const replies = await waitFor(() => (messages.length >= 5 ? messages : undefined));
    expect(replies[0]).toMatchObject({
      type: 'error',
      id: null,
      error: { kind: 'config', message: expect.stringMatching(/not JSON/) },
    });
    expect(replies[1]).toMatchObject({
      type: 'error',
      id: 2,
      error: {
        message: expect.stringMatching(/ws:tagRun: invalid arguments: 1: give at least one tag/),
      },
    });
    expect(replies[2]).toMatchObject({
      type: 'error',
      id: 3,
      error: { message: "unknown method 'eval'" },
    });
    expect(replies[3]).toMatchObject({
      type: 'error',
      id: 4,
      error: { message: expect.stringMatching(/unknown message type "subscribe"/) },
    });
    expect(replies[4]).toMatchObject({ type: 'result', id: 5, result: { ok: true } });
    socket.close();
  });

  it('pushes events to every connected page', async () => {
    const { server } = await serve();
    const ws = server.origin.replace('http', 'ws');
    const [a, b] = await Promise.all([openSocket(`${ws}/events`), openSocket(`${ws}/events`)]);
    const response = await post(server.origin, 'updateSettings', [{ theme: 'dark' }]);
    expect((await answer(response)).value.theme).toBe('dark');
    const notFolder = tempDir('npas-not-a-dataset-');
    const failed = await answer(await post(server.origin, 'importDataset', [notFolder, 'cifar10']));
    expect(failed.error.kind).toBe('dataset');
    expect(failed.error.message).toContain(notFolder);
    for (const client of [a, b]) {
      const settings = await waitFor(() =>
        client.messages.find((m) => m.name === 'settings.changed'),
      );
      expect(settings).toMatchObject({ type: 'event', payload: { theme: 'dark' } });
      const progress = await waitFor(() =>
        client.messages.find(
          (m) =>
            m.name === 'dataset.importProgress' &&
            (m.payload as { stage: string }).stage === 'failed',
        ),
      );
      expect(progress).toMatchObject({ payload: { path: notFolder, fraction: 1 } });
      client.socket.close();
    }
  });
});
