// The sandboxed preload: exposes exactly the AppApi methods as `window.api`, each an `invoke`
// wrapper that unwraps ApiResult into a value or a thrown Error whose message starts with the
// channel name (and carries the error's kind as "[kind] ", which survives the context bridge),
// plus `on(name, cb)` over the single 'app:event' channel, dropping Electron's event argument.
// No raw ipcRenderer crosses the bridge. Imports only zod-free contract modules: a sandboxed
// preload cannot load npm packages.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiResult } from '../contract/appApi';
import { isAppEventName, type AppEventEnvelope, type AppEventName } from '../contract/events';
import { APP_API_METHODS } from '../contract/methods';

/** The channel main pushes every event on. */
export const EVENT_CHANNEL = 'app:event';

type Listener = (payload: unknown) => void;
const listeners = new Map<AppEventName, Set<Listener>>();

// One ipcRenderer listener for all subscriptions (many would trip Node's listener warning).
ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, envelope: AppEventEnvelope) => {
  for (const listener of [...(listeners.get(envelope.name) ?? [])]) listener(envelope.payload);
});

function on(name: AppEventName, listener: Listener): () => void {
  if (!isAppEventName(name)) throw new Error(`app:on: unknown event '${String(name)}'`);
  if (typeof listener !== 'function')
    throw new Error(`app:on: the listener for '${name}' is not a function`);
  let set = listeners.get(name);
  if (!set) {
    set = new Set();
    listeners.set(name, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

const api = Object.fromEntries(
  APP_API_METHODS.map((method) => [
    method,
    async (...args: unknown[]) => {
      const result = (await ipcRenderer.invoke(`app:${method}`, ...args)) as ApiResult<unknown>;
      if (result.ok) return result.value;
      const error = new Error(`app:${method}: [${result.error.kind}] ${result.error.message}`);
      error.name = result.error.name;
      throw error;
    },
  ]),
);

contextBridge.exposeInMainWorld('api', { ...api, on });
