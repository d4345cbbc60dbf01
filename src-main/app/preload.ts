// The sandboxed preload: exposes exactly the AppApi methods as `window.api`, each an `invoke`
// wrapper that unwraps ApiResult into a value or a thrown Error whose message starts with the
// channel name. No raw ipcRenderer crosses the bridge.
import { contextBridge, ipcRenderer } from 'electron';
import { APP_API_METHODS, type ApiResult } from '../contract/appApi';

const api = Object.fromEntries(
  APP_API_METHODS.map((method) => [
    method,
    async (...args: unknown[]) => {
      const result = (await ipcRenderer.invoke(`app:${method}`, ...args)) as ApiResult<unknown>;
      if (result.ok) return result.value;
      const error = new Error(`app:${method}: ${result.error.message}`);
      error.name = result.error.name;
      throw error;
    },
  ]),
);

contextBridge.exposeInMainWorld('api', api);
