// Reading and writing a bundle's manifest.json. Reading refuses, with a BundleError naming the
// folder, a manifest that is missing, not JSON, from a newer format version, or malformed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssues } from '../../contract/config';
import { BundleError } from '../../contract/errors';
import { writeFileAtomic } from '../../engine/train/writeFileAtomic';
import {
  BUNDLE_FORMAT_VERSION,
  MANIFEST_FILE,
  manifestHeaderSchema,
  manifestSchema,
  type BundleManifest,
} from './bundleFormat';

export function writeManifest(dir: string, manifest: BundleManifest): void {
  writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The bundle's manifest, checked: version first, then every field. */
export function readManifest(dir: string): BundleManifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) {
    throw new BundleError(dir, `no ${MANIFEST_FILE}: not a run bundle, or one cut short`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BundleError(dir, `corrupt: ${MANIFEST_FILE} is not valid JSON`, { cause: error });
  }
  const header = manifestHeaderSchema.safeParse(raw);
  if (!header.success) {
    throw new BundleError(
      dir,
      `corrupt: ${MANIFEST_FILE} is not a run bundle manifest (${formatIssues(header.error.issues)})`,
    );
  }
  if (header.data.formatVersion > BUNDLE_FORMAT_VERSION) {
    throw new BundleError(
      dir,
      `written in bundle format version ${header.data.formatVersion}, newer than this build ` +
        `reads (${BUNDLE_FORMAT_VERSION}); update NPAS Studio to import it`,
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BundleError(dir, `corrupt: ${MANIFEST_FILE}: ${formatIssues(parsed.error.issues)}`);
  }
  return parsed.data;
}
