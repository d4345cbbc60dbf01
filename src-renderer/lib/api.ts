// The renderer's handle on the AppApi: the preload's `window.api` in Electron. (Browser mode
// adds an HTTP + WebSocket client with the same interface.)
import type { AppApi } from '../../src-main/contract/appApi';

declare global {
  interface Window {
    api?: AppApi;
  }
}

/** The AppApi for this window; throws a clear error when no transport is present. */
export function getApi(): AppApi {
  if (!window.api)
    throw new Error('NPAS Studio API is not available (open the app, or use `npas serve`)');
  return window.api;
}
