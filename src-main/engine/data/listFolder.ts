// Folder listings for the dataset readers, with filesystem failures turned into DatasetErrors
// that name the folder. Hidden entries (".DS_Store", ".git") are never dataset content.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError } from '../../contract/errors';
import { describeFsError } from './readDataFile';

const IMAGE_FILE = /\.(png|jpe?g)$/i;

/** Sorted names of every entry in `dir`. */
export async function listFolder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    throw new DatasetError(dir, `cannot list the folder (${describeFsError(error)})`, {
      cause: error,
    });
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false; // a dangling link is not a class folder
  }
}

/** Sorted names of the visible sub-folders of `dir` (following symbolic links). */
export async function listSubfolders(dir: string): Promise<string[]> {
  const folders: string[] = [];
  for (const name of await listFolder(dir)) {
    if (!name.startsWith('.') && (await isFolder(join(dir, name)))) folders.push(name);
  }
  return folders;
}

/** Sorted names of the visible .png / .jpg / .jpeg files directly inside `dir`. */
export async function listImageFiles(dir: string): Promise<string[]> {
  return (await listFolder(dir)).filter((n) => IMAGE_FILE.test(n) && !n.startsWith('.'));
}
