// Who may talk to `npas serve` (issue #6, Browser mode): bound to 127.0.0.1 (or localhost, ::1)
// it needs no token; any other address, 127.0.0.2 included, requires one (generated when not
// given) that every HTTP request and the WebSocket upgrade carry as `Authorization: Bearer`,
// `?token=` or the cookie the page gets when opened with ?token=. Browsers' cross-site requests
// are refused either way (Origin and Host checks; Origin "null" counts as another site), so a
// web page cannot drive a local server.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ConfigError } from '../contract/errors';

export const TOKEN_COOKIE = 'npas_token';

/** Whether `host` is this machine's default loopback name, the only binding served without a token. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || h === '127.0.0.1';
}

/** The token the server requires: null on loopback without one, else the given or a new one. */
export function resolveToken(
  host: string,
  token: string | undefined,
): { token: string | null; generated: boolean } {
  const given = token?.trim();
  if (token !== undefined && !given) throw new ConfigError('--token cannot be empty');
  if (given && given.length < 8)
    throw new ConfigError(`--token is ${given.length} characters; use at least 8`);
  if (given) return { token: given, generated: false };
  if (isLoopbackHost(host)) return { token: null, generated: false };
  return { token: randomBytes(24).toString('base64url'), generated: true };
}

function cookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** The token a request carries and where: header, query or cookie. */
export function presentedToken(
  request: IncomingMessage,
): { token: string; from: 'header' | 'query' | 'cookie' } | null {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), from: 'header' };
  const query = new URL(request.url ?? '/', 'http://x').searchParams.get('token');
  if (query) return { token: query, from: 'query' };
  const fromCookie = cookie(request.headers.cookie, TOKEN_COOKIE);
  return fromCookie ? { token: fromCookie, from: 'cookie' } : null;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The host:port an Origin header names, or '' for "null" and anything that is not a URL. */
function originHost(origin: string): string {
  if (!URL.canParse(origin)) return '';
  const url = new URL(origin);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : '';
}

/** null when the request may proceed, else why not (the 401/403 body). */
export function refusal(
  request: IncomingMessage,
  expected: string | null,
): { status: 401 | 403; message: string } | null {
  const host = request.headers.host ?? '';
  const origin = request.headers.origin;
  // A browser sends Origin on cross-site requests and WebSocket upgrades: it must be this server.
  // "null" (sandboxed iframes, data: and file: pages) is as foreign as any other site; only a
  // request without Origin at all (curl, scripts) skips this check.
  if (origin !== undefined) {
    if (originHost(origin) !== host) {
      return {
        status: 403,
        message: `requests from ${origin} are not allowed; open the app at http://${host}/`,
      };
    }
  }
  if (expected === null) {
    // Without a token only loopback names may reach us (no DNS rebinding).
    const name = host.replace(/:\d+$/, '');
    if (!isLoopbackHost(name)) {
      return { status: 403, message: `host '${host}' is not allowed; use http://127.0.0.1` };
    }
    return null;
  }
  const presented = presentedToken(request);
  if (!presented) {
    return {
      status: 401,
      message:
        'this NPAS Studio server requires a token: open the URL it printed (with ?token=...) or send ' +
        '"Authorization: Bearer <token>"',
    };
  }
  if (!same(presented.token, expected)) {
    return {
      status: 401,
      message: `the token (from the ${presented.from}) is wrong; use the one \`npas serve\` printed`,
    };
  }
  return null;
}
