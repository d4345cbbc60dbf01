// Listing and hashing a bundle's files, shared by the writer (which records them in the
// manifest) and the importer (which checks them against it).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { MANIFEST_FILE } from './bundleFormat';

/** Every regular file under `dir` except the manifest and temporaries, as `a/b` paths. */
export function listBundleFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.includes('.tmp-')) {
        const name = relative(dir, path).split(sep).join('/');
        if (name !== MANIFEST_FILE) files.push(name);
      }
    }
  };
  walk(dir);
  return files.sort();
}

/** Size and SHA-256 of one file. */
export function describeFile(path: string): { bytes: number; sha256: string } {
  const bytes = readFileSync(path);
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
