// Browser mode's AppClient: each method is a POST to /api/<method> with the arguments as a JSON
// array; events arrive over one WebSocket at /events (opened when the first listener
// subscribes, reopened with back-off when it drops). In a browser page the server's HttpOnly
// cookie authenticates both (the page never sees the token); a client given a token (scripts,
// tests) sends it as a Bearer header, and hands it to openSocket for the socket's headers. The
// token never goes into a URL, where it would reach logs and history.
import {
  APP_API_METHODS,
  type ApiResult,
  type AppApi,
  type AppClient,
} from '../../../src-main/contract/appApi';
import { isAppEventName, type AppEventName } from '../../../src-main/contract/events';
import { ApiCallError } from './apiCallError';
import { EventHub } from './eventHub';

/** The minimal WebSocket surface the client needs (the DOM's, or a test double). */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

export interface HttpTransportOptions {
  /** Origin of the server, e.g. 'http://127.0.0.1:5173'. */
  baseUrl: string;
  token?: string | null;
  fetch?: typeof fetch;
  /** Opens the event socket; `token` is for clients that can set headers (a browser cannot). */
  openSocket?: (url: string, token: string | null) => SocketLike;
  /** First reconnect delay in ms (doubles up to 10 s). */
  reconnectMs?: number;
}

export type HttpClient = AppClient & {
  /** Closes the event socket and stops reconnecting. */
  close(): void;
};

function networkError(method: string, baseUrl: string, error: unknown): ApiCallError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiCallError(method, {
    name: 'NetworkError',
    kind: 'internal',
    message: `cannot reach the NPAS Studio server at ${baseUrl} (${reason}); is \`npas serve\` running?`,
  });
}

/**
 * The arguments without trailing `undefined`s: JSON writes an `undefined` array item as `null`,
 * which the server's schema refuses for an optional argument (`cancelSweepCells(id, undefined)`).
 */
function withoutTrailingUndefined(args: unknown[]): unknown[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return args.slice(0, end);
}

async function call(
  options: HttpTransportOptions,
  method: string,
  args: unknown[],
): Promise<unknown> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await doFetch(`${options.baseUrl}/api/${method}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(withoutTrailingUndefined(args)),
    });
  } catch (error) {
    throw networkError(method, options.baseUrl, error);
  }
  let result: ApiResult<unknown>;
  try {
    result = (await response.json()) as ApiResult<unknown>;
  } catch {
    throw new ApiCallError(method, {
      name: 'ProtocolError',
      kind: 'internal',
      message: `the server answered HTTP ${response.status} without a JSON result`,
    });
  }
  if (result.ok) return result.value;
  throw new ApiCallError(method, result.error);
}

function socketUrl(baseUrl: string): string {
  const url = new URL('/events', baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** An AppClient over HTTP + WebSocket. */
export function createHttpTransport(options: HttpTransportOptions): HttpClient {
  const hub = new EventHub();
  const openSocket =
    options.openSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  let socket: SocketLike | null = null;
  let closed = false;
  let delay = options.reconnectMs ?? 500;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const connect = () => {
    if (closed || socket) return;
    const current = openSocket(socketUrl(options.baseUrl), options.token ?? null);
    socket = current;
    current.onopen = () => {
      delay = options.reconnectMs ?? 500;
    };
    current.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message: { type?: unknown; name?: unknown; payload?: unknown };
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === 'event' && isAppEventName(message.name)) {
        hub.emit(message.name, message.payload as never);
      }
    };
    current.onerror = () => {};
    current.onclose = () => {
      if (socket === current) socket = null;
      if (closed) return;
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10_000);
    };
  };

  const methods = Object.fromEntries(
    APP_API_METHODS.map((method) => [method, (...args: unknown[]) => call(options, method, args)]),
  ) as unknown as AppApi;

  return {
    ...methods,
    on<K extends AppEventName>(name: K, listener: (payload: never) => void) {
      const off = hub.on(name, listener as never);
      connect();
      return off;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
      socket = null;
    },
  } as HttpClient;
}
