// Electron's AppClient: the preload's `window.api` already exposes every method (unwrapping
// results into values or errors) and `on(name, cb)`; this only rebuilds thrown errors as
// ApiCallError, since errors crossing the context bridge lose their own properties.
import { APP_API_METHODS, type AppApi, type AppClient } from '../../../src-main/contract/appApi';
import type { ErrorKind } from '../../../src-main/contract/errors';
import { ApiCallError } from './apiCallError';

/** What the preload exposes as `window.api`. */
export type PreloadApi = AppClient;

// The preload encodes the kind as a "[kind]" prefix on the message: a thrown Error's extra
// fields do not survive contextBridge, its message does.
const KIND_PREFIX = /^\[([a-z]+)\] /;

function rebuild(method: string, error: unknown): ApiCallError {
  const raw = error instanceof Error ? error.message : String(error);
  // Electron prefixes errors from invoke with "Error invoking remote method ...: "; the preload's
  // own message starts with "app:<method>: ".
  const message = raw.replace(/^.*?app:[A-Za-z]+: /, '');
  const match = KIND_PREFIX.exec(message);
  return new ApiCallError(method, {
    name: error instanceof Error ? error.name : 'Error',
    kind: (match?.[1] as ErrorKind | undefined) ?? 'internal',
    message: match ? message.slice(match[0].length) : message,
  });
}

/** Wraps the preload's API. */
export function createIpcTransport(api: PreloadApi): AppClient {
  const methods = Object.fromEntries(
    APP_API_METHODS.map((method) => [
      method,
      async (...args: unknown[]) => {
        try {
          return await (api[method] as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch (error) {
          throw rebuild(method, error);
        }
      },
    ]),
  ) as unknown as AppApi;
  return { ...methods, on: (name, listener) => api.on(name, listener) };
}
