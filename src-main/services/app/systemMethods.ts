// The About/Settings facts of the AppApi: which backend the engine would use, and versions.
// The engine worker answers the backend question, so tfjs and its native bindings load in its
// thread only (ARCHITECTURE.md "One trainer thread"); the versions are read from package files.
import { createRequire } from 'node:module';
import type { AppApi } from '../../contract/appApi';
import type { AppSettings } from '../../contract/wire';
import { backendChoice } from '../backendChoice';
import { createEngineHost, type EngineHost } from '../jobs/engineHost';
import type { DataFolderSession } from './dataFolderSession';

/** Runs `use` on a fresh engine worker, then ends it. */
async function withEngineHost<T>(
  create: (() => EngineHost) | undefined,
  use: (host: EngineHost) => Promise<T>,
): Promise<T> {
  const host = (create ?? (() => createEngineHost()))();
  try {
    return await use(host);
  } finally {
    await host.close();
  }
}

/** An installed package's version, read from its package.json (nothing of it is loaded). */
function packageVersion(name: string): string {
  return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
}

export function systemMethods(
  appVersion: string,
  session: DataFolderSession,
  settings: () => AppSettings,
  createHost?: () => EngineHost,
): Pick<AppApi, 'getBackendReport' | 'getVersions'> {
  return {
    async getBackendReport() {
      // The open folder's queue owns the worker; a browse-only service borrows one briefly.
      const choice = backendChoice({ backend: settings().backend });
      const queue = session.context?.queue;
      const report = queue
        ? await queue.backendReport(choice)
        : await withEngineHost(createHost, (host) => host.backendReport(choice));
      return {
        chosen: report.name,
        why: report.why,
        probes: report.probes.map((p) => ({ ...p })),
      };
    },
    async getVersions() {
      return {
        app: appVersion,
        node: process.versions.node,
        electron: process.versions.electron ?? 'n/a',
        chrome: process.versions.chrome ?? 'n/a',
        tfjs: packageVersion('@tensorflow/tfjs-core'),
      };
    },
  };
}
