// The About/Settings facts of the AppApi: which backend the engine would use, and versions.
import type { AppApi } from '../../contract/appApi';
import { probeBackends } from '../../engine/backend/ladder';

export function systemMethods(
  appVersion: string,
): Pick<AppApi, 'getBackendReport' | 'getVersions'> {
  return {
    async getBackendReport() {
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
        app: appVersion,
        node: process.versions.node,
        electron: process.versions.electron ?? 'n/a',
        chrome: process.versions.chrome ?? 'n/a',
        tfjs: '4.22.0',
      };
    },
  };
}
