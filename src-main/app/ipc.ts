// Binds the AppApi to Electron IPC: one `app:<method>` handler per entry of APP_API_METHODS,
// arguments validated with the contract's zod schemas, results wrapped as ApiResult so errors
// cross the bridge with their kind.
import { ipcMain } from 'electron';
import { APP_API_ARGS, APP_API_METHODS, type ApiResult, type AppApi } from '../contract/appApi';
import { ConfigError, toWireError } from '../contract/errors';
import { formatIssues } from '../contract/config';

/** Registers every AppApi method; returns a function that removes the handlers. */
export function bindAppApi(service: AppApi): () => void {
  for (const method of APP_API_METHODS) {
    ipcMain.handle(
      `app:${method}`,
      async (_event, ...args: unknown[]): Promise<ApiResult<unknown>> => {
        try {
          const parsed = APP_API_ARGS[method].safeParse(args);
          if (!parsed.success) {
            throw new ConfigError(`app:${method}: ${formatIssues(parsed.error.issues)}`);
          }
          const fn = service[method] as (...a: unknown[]) => Promise<unknown>;
          return { ok: true, value: await fn.apply(service, parsed.data as unknown[]) };
        } catch (error) {
          return { ok: false, error: toWireError(error) };
        }
      },
    );
  }
  return () => APP_API_METHODS.forEach((method) => ipcMain.removeHandler(`app:${method}`));
}
