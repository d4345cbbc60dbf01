// The config a run queued from the app gets: the Settings screen's backend replaces 'auto', and
// its WebGPU adapter applies where the config names none (a config's own choice always wins).
import type { RunConfig } from '../../contract/config';
import type { AppSettings } from '../../contract/wire';

export function withSettingsBackend(
  config: RunConfig,
  settings: Pick<AppSettings, 'backend' | 'webgpuAdapter'>,
): RunConfig {
  const backend =
    config.backend === 'auto' && settings.backend !== 'auto' ? settings.backend : config.backend;
  const adapter = config.webgpuAdapter ?? (settings.webgpuAdapter.trim() || undefined);
  return { ...config, backend, ...(adapter ? { webgpuAdapter: adapter } : {}) };
}
