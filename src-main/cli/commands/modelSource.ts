// The RUN argument `npas export`, `eval` and `predict` share: a run id in the data folder or a
// compact .npas file, with the engine backend started first (flag, else the run's own choice).
import { ConfigError } from '../../contract/errors';
import { initBackend } from '../../engine/backend/ladder';
import { openDataDir, resolveDataDir, type DataDir } from '../../services/dataDir';
import { openSource, type TrainedSource } from '../../services/exports';
import type { FlagValues } from '../flags';

export const SOURCE_FLAGS = {
  'data-dir': { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Opens RUN; the returned close() releases the data folder if one was opened. */
export async function openModelSource(
  run: string | undefined,
  values: FlagValues,
  command: string,
): Promise<{ source: TrainedSource; close: () => void }> {
  if (!run) throw new ConfigError(`npas ${command} needs RUN: a run id or a compact .npas file`);
  let dataDir: DataDir | null = null;
  const close = () => dataDir?.close();
  try {
    const source = await openSource(run, () => {
      dataDir = openDataDir(resolveDataDir(values['data-dir'] as string | undefined));
      return dataDir;
    });
    await initBackend((values.backend as string | undefined) ?? source.plan.config.backend);
    return { source, close };
  } catch (error) {
    close();
    throw error;
  }
}
