// Finds the bundled Fashion-MNIST sample: $NPAS_RESOURCES_DIR/sample/fashion-mnist when the
// variable is set (the packaged app keeps resources outside the code), else the nearest
// resources/sample/fashion-mnist above this source file (dev checkout, tests, bundled main).
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetError } from '../../contract/errors';

/** Path of the sample inside a resources folder. */
export const SAMPLE_SUBPATH = join('sample', 'fashion-mnist');

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // missing or unreadable: keep looking
  }
}

/** Absolute folder of the bundled sample; DatasetError naming the places looked at. */
export function resolveSampleDir(
  env: NodeJS.ProcessEnv = process.env,
  from = import.meta.url,
): string {
  const override = env.NPAS_RESOURCES_DIR;
  if (override) {
    const dir = join(override, SAMPLE_SUBPATH);
    if (isDirectory(dir)) return dir;
    throw new DatasetError(
      dir,
      'bundled sample not found under NPAS_RESOURCES_DIR; point it at the resources folder',
    );
  }
  const looked: string[] = [];
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const candidate = join(dir, 'resources', SAMPLE_SUBPATH);
    looked.push(candidate);
    if (isDirectory(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new DatasetError(
    'sample',
    `bundled sample not found; looked in ${looked.join(', ')} (set NPAS_RESOURCES_DIR)`,
  );
}
