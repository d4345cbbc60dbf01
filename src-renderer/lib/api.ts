// The renderer's handle on the AppApi. Picks the transport once at start: the preload's
// `window.api` in Electron, else HTTP + WebSocket to the page's own origin (browser mode), where
// the server's HttpOnly cookie (set when the printed ?token= URL was opened) authenticates every
// call and the event socket. Screens call only getApi().
import type { AppClient } from '../../src-main/contract/appApi';
import { createHttpTransport, createIpcTransport, type PreloadApi } from './transport';

export type { AppClient } from '../../src-main/contract/appApi';
export { ApiCallError, errorKind } from './transport';

declare global {
  interface Window {
    api?: PreloadApi;
  }
}

let client: AppClient | null = null;

/** Which transport a window gets: 'ipc' when the preload ran, else 'http'. */
export function transportKind(win: Pick<Window, 'api'> = window): 'ipc' | 'http' {
  return win.api ? 'ipc' : 'http';
}

/** Builds the client for this window (exported for tests; the app uses getApi). */
export function createClient(win: Window = window): AppClient {
  if (win.api) return createIpcTransport(win.api);
  return createHttpTransport({ baseUrl: win.location.origin });
}

/** The AppApi (with `on`) for this window. */
export function getApi(): AppClient {
  client ??= createClient();
  return client;
}

/** Replaces the client (tests and storybook-like pages); null resets to auto-detection. */
export function setApi(next: AppClient | null): void {
  client = next;
}
