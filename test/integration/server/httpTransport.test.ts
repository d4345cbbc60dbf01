// The renderer's browser-mode transport against a real server: methods return values, errors
// arrive as ApiCallError with the method name and kind, events reach on() listeners, and the
// token travels with every call but never in the WebSocket's URL.
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer } from '../../../src-main/server/startServer';
import type { AppClient } from '../../../src-main/contract/appApi';
import { cleanup, fakeRenderer, tempService, waitFor } from './helpers';

afterAll(cleanup);

// The renderer's files belong to the web TypeScript project (tsconfig.web.json), so the node
// project cannot import them statically; these are the parts of their API this test uses.
interface SocketLike {
  onopen: unknown;
  close(): void;
}
interface TransportModule {
  createHttpTransport(options: {
    baseUrl: string;
    token?: string;
    openSocket: (url: string, token: string | null) => SocketLike;
  }): AppClient & { close(): void };
}
const transportPath = '../../../src-renderer/lib/transport/index';
const { createHttpTransport, ApiCallError } = (await import(
  /* @vite-ignore */ transportPath
)) as TransportModule & {
  ApiCallError: new (...args: never[]) => Error;
};

// A browser's WebSocket carries the cookie; this Node one sends the token it is given as a header.
const socketUrls: string[] = [];
const openSocket = (url: string, token: string | null) => {
  socketUrls.push(url);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return new WebSocket(url, { headers }) as unknown as SocketLike;
};

describe('the browser-mode transport', () => {
  it('calls methods, rebuilds errors and delivers events, with the token in a header and never in the socket URL', async () => {
    const service = tempService();
    let server;
    try {
      server = await startServer({
        service,
        host: '127.0.0.2',
        port: 0,
        token: 'transport-token',
        rendererDir: fakeRenderer(),
      });
    } catch {
      server = await startServer({
        service,
        port: 0,
        token: 'transport-token',
        rendererDir: fakeRenderer(),
      });
    }
    const client = createHttpTransport({
      baseUrl: server.origin,
      token: 'transport-token',
      openSocket,
    });
    try {
      const themes: string[] = [];
      const off = client.on('settings.changed', (settings) => themes.push(settings.theme));
      // The socket connects asynchronously: wait until the server has a client.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await client.listRuns()).total).toBe(0);
      expect((await client.updateSettings({ theme: 'light' })).theme).toBe('light');
      await waitFor(() => (themes.length ? themes : undefined));
      expect(themes).toEqual(['light']);
      // The token never travels in the socket's URL (it would reach logs and history).
      expect(socketUrls).toEqual([`${server.origin.replace('http', 'ws')}/events`]);
      off();
      const error = await client.getRun('01NOSUCHRUN').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiCallError);
      expect(error).toMatchObject({
        kind: 'store',
        method: 'getRun',
        message: "getRun: no run with id '01NOSUCHRUN'",
      });
      const bad = await client.tagRun('01ABC', []).catch((e: unknown) => e);
      expect(bad).toMatchObject({
        kind: 'config',
        message: expect.stringMatching(/^tagRun: invalid arguments: 1: give at least one tag$/),
      });
      const noToken = createHttpTransport({ baseUrl: server.origin, openSocket });
      await expect(noToken.getSettings()).rejects.toMatchObject({
        message: expect.stringMatching(/requires a token/),
      });
      noToken.close();
      const offline = createHttpTransport({ baseUrl: 'http://127.0.0.1:9', openSocket });
      await expect(offline.getSettings()).rejects.toThrow(/cannot reach the NPAS Studio server/);
      offline.close();
    } finally {
      client.close();
      await server.close();
      await service.close();
    }
  });
});
