// Browser mode (issue #6): hosts the same AppService as the desktop app over HTTP + WebSocket.
// POST /api/<method> takes the arguments as a JSON array and answers an ApiResult; /events is
// the WebSocket of pushed events; everything else is the built renderer. Bound to 127.0.0.1 by
// default; another address requires the token (see authPolicy.ts), which the printed URL carries
// once as ?token= and the page then keeps as a cookie.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { basename } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ApiResult } from '../contract/appApi';
import { jsonTextDepth, LIMITS, nestingMessage } from '../contract/limits';
import type { AppService } from '../services/appService';
import { refusal, resolveToken, TOKEN_COOKIE, presentedToken } from './authPolicy';
import { invokeValidated, validateCall } from '../services/callValidated';
import { BodyTooLargeError, oversizedLength, readBody } from './readBody';
import { createEventSocket } from './eventSocket';
import { defaultRendererDir, staticFile } from './staticFiles';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4646;
export { MAX_BODY_BYTES } from './readBody';

export interface ServeOptions {
  service: AppService;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  rendererDir?: string;
}

export interface RunningServer {
  /** Base URL (with ?token= when one is required): what a user opens. */
  url: string;
  origin: string;
  host: string;
  port: number;
  token: string | null;
  tokenGenerated: boolean;
  close(): Promise<void>;
}

const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function respond(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(body);
}

function respondJson(response: ServerResponse, status: number, value: ApiResult<unknown>) {
  respond(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function fail(
  response: ServerResponse,
  status: number,
  kind: 'config' | 'internal',
  message: string,
) {
  respondJson(response, status, {
    ok: false,
    error: { name: status === 401 ? 'AuthError' : 'Error', kind, message },
  });
}

async function handleApi(
  service: AppService,
  method: string,
  request: IncomingMessage,
  response: ServerResponse,
) {
  if (request.method !== 'POST') {
    fail(response, 405, 'config', `use POST /api/${method} with the arguments as a JSON array`);
    return;
  }
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    fail(response, 415, 'config', 'send the arguments as application/json');
    return;
  }
  let args: unknown;
  try {
    const text = await readBody(request);
    // Measured before parsing, so a hostile body is refused before anything walks it.
    if (jsonTextDepth(text) > LIMITS.jsonDepth) {
      fail(response, 400, 'config', `api:${method}: the body's ${nestingMessage()}`);
      return;
    }
    args = text.trim() === '' ? [] : JSON.parse(text);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      fail(response, 413, 'config', error.message);
      return;
    }
    fail(
      response,
      400,
      'config',
      `api:${method}: the body is not valid JSON (${(error as Error).message})`,
    );
    return;
  }
  const call = validateCall(method, args, `api:${method}`);
  if (!call.ok) {
    respondJson(
      response,
      method && call.error.message.startsWith('unknown method') ? 404 : 400,
      call,
    );
    return;
  }
  respondJson(response, 200, await invokeValidated(service, call));
}

/** GET /downloads/<runId>/<file>: a model file exportModel wrote (browser mode's Export model). */
const DOWNLOADS = '/downloads/';

function downloadModel(service: AppService, rest: string, response: ServerResponse) {
  const [runId, ...name] = rest.split('/').map(decodeURIComponent);
  let body: Buffer;
  try {
    body = readFileSync(service.modelExportFile(runId, name.join('/')));
  } catch (error) {
    fail(response, 404, 'config', (error as Error).message);
    return;
  }
  const fileName = basename(name.join('/')).replace(/[^\w.-]/g, '_');
  respond(response, 200, 'application/octet-stream', body, {
    'content-disposition': `attachment; filename="${fileName}"`,
  });
}

function handler(
  options: Required<Pick<ServeOptions, 'service' | 'rendererDir'>>,
  token: string | null,
) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const refused = refusal(request, token);
    if (refused) {
      fail(response, refused.status, 'config', refused.message);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      handleApi(options.service, url.pathname.slice(5), request, response).catch(
        (error: unknown) => {
          if (!response.headersSent) fail(response, 500, 'internal', (error as Error).message);
        },
      );
      return;
    }
    if (url.pathname.startsWith(DOWNLOADS) && request.method === 'GET') {
      downloadModel(options.service, url.pathname.slice(DOWNLOADS.length), response);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      fail(response, 405, 'config', `${request.method} is not supported here`);
      return;
    }
    // A page opened with ?token= (the printed URL): the token becomes a strict HttpOnly cookie,
    // which the page's requests and WebSocket then carry, and the browser is sent to the same
    // URL without it, so the token leaves the address bar and the history.
    if (token && presentedToken(request)?.from === 'query') {
      url.searchParams.delete('token');
      response.writeHead(303, {
        location: `${url.pathname}${url.search}`,
        'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      response.end();
      return;
    }
    const file = staticFile(options.rendererDir, url.pathname);
    const headers: Record<string, string> = { 'content-security-policy': PAGE_CSP };
    respond(response, file.status, file.type, request.method === 'HEAD' ? '' : file.body, headers);
  };
}

function rejectUpgrade(socket: Duplex, status: number, message: string) {
  const reason = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(message)}\r\nconnection: close\r\n\r\n${message}`,
  );
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen(server.address() as AddressInfo);
    });
  });
}

/** Starts the server; resolves once it listens. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const { token, generated } = resolveToken(host, options.token);
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const handle = handler({ service: options.service, rendererDir }, token);
  const server = createServer(handle);
  // A client that waits for "100 Continue" before sending a body over the limit gets the 413
  // instead (handle answers it without reading), and so never sends the body.
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if (oversizedLength(request) === null) response.writeContinue();
    handle(request, response);
  });
  const sockets = createEventSocket(options.service);
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/events') {
      rejectUpgrade(socket, 404, 'the WebSocket endpoint is /events');
      return;
    }
    const refused = refusal(request, token);
    if (refused) {
      rejectUpgrade(socket, refused.status, refused.message);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });
  const address = await listen(server, host, options.port ?? DEFAULT_PORT);
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${shown}:${address.port}`;
  return {
    url: token ? `${origin}/?token=${encodeURIComponent(token)}` : `${origin}/`,
    origin,
    host,
    port: address.port,
    token,
    tokenGenerated: generated,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
