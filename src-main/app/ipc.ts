// Binds the AppApi to Electron IPC: one `app:<method>` handler per entry of APP_API_METHODS,
// arguments validated with the contract's zod schemas, results wrapped as ApiResult so errors
// cross the bridge with their kind; and every service event forwarded to the window on the
// single 'app:event' channel.
import { ipcMain, type WebContents } from 'electron';
import { APP_API_METHODS, type ApiResult, type AppApi } from '../contract/appApi';
import type { AppEventEnvelope } from '../contract/events';
import { callValidated } from '../services/callValidated';

/** The IPC surface bindAppApi uses (ipcMain, or a test double). */
export type IpcMainLike = Pick<typeof ipcMain, 'handle' | 'removeHandler'>;

/** Registers every AppApi method; returns a function that removes the handlers. */
export function bindAppApi(service: AppApi, ipc: IpcMainLike = ipcMain): () => void {
  for (const method of APP_API_METHODS) {
    ipc.handle(`app:${method}`, (_event, ...args: unknown[]): Promise<ApiResult<unknown>> =>
      callValidated(service, method, args, `app:${method}`),
    );
  }
  return () => APP_API_METHODS.forEach((method) => ipc.removeHandler(`app:${method}`));
}

/** Something that pushes events (the app service). */
export interface EventSource {
  subscribe(listener: (envelope: AppEventEnvelope) => void): () => void;
}

/**
 * Forwards events to a window's renderer while it lives; returns the unsubscribe function
 * (also called when the window's contents are destroyed).
 */
export function forwardEvents(source: EventSource, contents: WebContents): () => void {
  const off = source.subscribe((envelope) => {
    if (!contents.isDestroyed()) contents.send('app:event', envelope);
  });
  contents.once('destroyed', off);
  return off;
}
