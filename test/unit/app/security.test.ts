// The window's hardening: isolation, sandbox, no Node, strict CSP, navigation and new windows
// denied (https links handed to the system browser), permission requests refused.
import { describe, expect, it, vi } from 'vitest';
import {
  CSP,
  lockDownContents,
  lockDownSession,
  secureWebPreferences,
} from '../../../src-main/app/security';
import { electronNativeBinding } from '../../../src-main/app/nativeBinding';

describe('the window security settings', () => {
  it('isolates, sandboxes and keeps Node out of the renderer under a strict CSP', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).toContain("object-src 'none'");
    expect(CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('denies navigation, new windows, webviews and permissions', () => {
    const on: Record<string, (event: { preventDefault(): void }) => void> = {};
    let openHandler: ((details: { url: string }) => { action: string }) | null = null;
    const contents = {
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
      on: (name: string, fn: (event: { preventDefault(): void }) => void) => (on[name] = fn),
    };
    const opened: string[] = [];
    lockDownContents(contents as never, (url) => opened.push(url));
    expect(openHandler!({ url: 'https://arxiv.org/abs/2006.10598' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://arxiv.org/abs/2006.10598']);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      on[name]({ preventDefault });
      expect(preventDefault).toHaveBeenCalled();
    }
    let permission: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    let headers: ((d: unknown, cb: (r: unknown) => void) => void) | null = null;
    lockDownSession({
      setPermissionRequestHandler: (fn: typeof permission) => (permission = fn),
      webRequest: { onHeadersReceived: (fn: typeof headers) => (headers = fn) },
    } as never);
    const answer = vi.fn();
    permission!({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    const response = vi.fn();
    headers!({ responseHeaders: { a: ['1'] } }, response);
    expect(response).toHaveBeenCalledWith({
      responseHeaders: { a: ['1'], 'Content-Security-Policy': [CSP] },
    });
  });

  it('loads the Electron build of better-sqlite3 from build/native in a checkout only', () => {
    expect(
      electronNativeBinding({ appRoot: '/nowhere', packaged: false, env: {} }),
    ).toBeUndefined();
    expect(electronNativeBinding({ appRoot: '/x', packaged: true, env: {} })).toBeUndefined();
    expect(
      electronNativeBinding({
        appRoot: '/x',
        packaged: true,
        env: { NPAS_SQLITE_BINDING: '/b.node' },
      }),
    ).toBe('/b.node');
  });
});
