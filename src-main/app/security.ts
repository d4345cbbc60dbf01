// The window's security settings (issue #6, Shell): context isolation, sandbox, no Node in the
// renderer, a strict Content-Security-Policy, navigation, new windows, webviews and permission
// requests denied. Kept apart from index.ts so tests can check them without starting Electron.
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

/** The Content-Security-Policy of every response the window loads. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** webPreferences of the main window. */
export function secureWebPreferences(
  preload: string,
): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Denies navigation away from the app, new windows (https links open in the browser) and webviews. */
export function lockDownContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Adds the CSP header to every response and refuses every permission request. */
export function lockDownSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}
