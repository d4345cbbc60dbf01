// The browser-mode access policy: 127.0.0.1 needs no token, every other address does, and a
// request is refused (401/403 with a message saying what to do) without the right token or
// from another site.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  isLoopbackHost,
  presentedToken,
  refusal,
  resolveToken,
} from '../../../src-main/server/authPolicy';

function request(url: string, headers: Record<string, string> = {}): IncomingMessage {
  return { url, headers: { host: '127.0.0.1:4646', ...headers } } as unknown as IncomingMessage;
}

describe('the browser-mode access policy', () => {
  it('serves 127.0.0.1, localhost and ::1 without a token and nothing else', () => {
    expect(['127.0.0.1', 'localhost', '::1', '[::1]'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '127.0.0.2', '192.168.1.4', '::'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(resolveToken('127.0.0.1', undefined)).toEqual({ token: null, generated: false });
    const generated = resolveToken('0.0.0.0', undefined);
    expect(generated.generated).toBe(true);
    expect(generated.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(resolveToken('127.0.0.2', 'secret-token')).toEqual({
      token: 'secret-token',
      generated: false,
    });
    expect(() => resolveToken('0.0.0.0', 'short')).toThrow(/at least 8/);
    expect(() => resolveToken('0.0.0.0', ' ')).toThrow(/--token cannot be empty/);
  });

  it('reads the token from the Bearer header, the query or the cookie', () => {
    expect(presentedToken(request('/api/x', { authorization: 'Bearer abc' }))).toEqual({
      token: 'abc',
      from: 'header',
    });
    expect(presentedToken(request('/?token=q%2B1'))).toEqual({ token: 'q+1', from: 'query' });
    expect(presentedToken(request('/x.js', { cookie: 'a=1; npas_token=c%2F2' }))).toEqual({
      token: 'c/2',
      from: 'cookie',
    });
    expect(presentedToken(request('/'))).toBeNull();
  });

  it('answers 401 without the token or with a wrong one, and lets the right one through', () => {
    const host = { host: '10.0.0.5:4646' };
    expect(refusal(request('/api/getSettings', host), 'right-token')).toMatchObject({
      status: 401,
      message: expect.stringMatching(/requires a token/),
    });
    expect(
      refusal(request('/api/getSettings?token=wrong-token', host), 'right-token'),
    ).toMatchObject({
      status: 401,
      message: expect.stringMatching(/token \(from the query\) is wrong/),
    });
    expect(
      refusal(request('/api/x', { ...host, authorization: 'Bearer right-token' }), 'right-token'),
    ).toBeNull();
  });

  it('refuses Origin null (sandboxed iframes, data: and file: pages) with or without a token', () => {
    expect(refusal(request('/api/x', { origin: 'null' }), null)).toMatchObject({
      status: 403,
      message: expect.stringMatching(/requests from null are not allowed/),
    });
    const tokenHost = { host: '10.0.0.5:4646', authorization: 'Bearer right-token' };
    expect(
      refusal(request('/events', { ...tokenHost, origin: 'null' }), 'right-token'),
    ).toMatchObject({ status: 403 });
  });

  it('refuses other sites and, without a token, host names other than loopback (DNS rebinding)', () => {
    expect(refusal(request('/api/x', { origin: 'https://evil.example' }), null)).toMatchObject({
      status: 403,
    });
    expect(refusal(request('/api/x', { origin: 'http://127.0.0.1:4646' }), null)).toBeNull();
    expect(refusal(request('/api/x'), null)).toBeNull();
    expect(refusal(request('/api/x', { host: 'evil.example:4646' }), null)).toMatchObject({
      status: 403,
      message: expect.stringMatching(/host 'evil.example:4646' is not allowed/),
    });
    expect(refusal(request('/', { host: 'localhost:4646' }), null)).toBeNull();
  });
});
