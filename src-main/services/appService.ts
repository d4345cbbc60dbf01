// The AppApi implemented over the engine and (later) the store: transport-agnostic, used by the
// Electron IPC binding, the browser-mode server and tests alike.
import type { AppApi, BackendReportWire } from '../contract/appApi';
import { probeBackends } from '../engine/backend/ladder';

/** Creates the service object that every transport exposes. */
export function createAppService(options: { appVersion: string }): AppApi {
  return {
    async getBackendReport(): Promise<BackendReportWire> {
      const probes = await probeBackends();
      const chosen = probes.find((p) => p.available) ?? null;
      return {
        chosen: chosen?.name ?? null,
        why: chosen ? `${chosen.name}: ${chosen.reason}` : 'no backend is available',
        probes: probes.map((p) => ({ ...p })),
      };
    },
    async getVersions() {
      return {
        app: options.appVersion,
        node: process.versions.node,
        electron: process.versions.electron ?? 'n/a',
        chrome: process.versions.chrome ?? 'n/a',
      };
    },
  };
}
