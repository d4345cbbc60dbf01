// Where the app's bundled resources (sample data, presets) live: resources/ in a checkout, or the
// folder the packaged app passes in NPAS_RESOURCES_DIR.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the resources folder. */
export function resourcesDir(): string {
  return (
    process.env.NPAS_RESOURCES_DIR ??
    join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources')
  );
}
