// Optional class-name files that sit beside dataset files: classes.json (our IDX convention,
// { "classNames": [...] }), and the one-name-per-line lists CIFAR ships (batches.meta.txt,
// fine_label_names.txt). Absent file → null; present but unusable → DatasetError.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DatasetError } from '../../contract/errors';
import { describeFsError } from './readDataFile';

const classesJsonSchema = z.object({ classNames: z.array(z.string().min(1)).min(1) });

async function readTextIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DatasetError(file, `cannot read the file (${describeFsError(error)})`, {
      cause: error,
    });
  }
}

/** Class names from a classes.json file, or null when there is none. */
export async function readClassesJson(file: string): Promise<string[] | null> {
  const text = await readTextIfPresent(file);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DatasetError(file, `is not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const parsed = classesJsonSchema.safeParse(value);
  if (!parsed.success) {
    throw new DatasetError(
      file,
      'must look like { "classNames": ["name of label 0", "name of label 1", ...] }',
    );
  }
  return parsed.data.classNames;
}

/** Non-empty lines of a name-per-line file, or null when there is none. */
export async function readNameList(file: string): Promise<string[] | null> {
  const text = await readTextIfPresent(file);
  if (text === null) return null;
  const names = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return names.length > 0 ? names : null;
}

/** Label numbers as names, for datasets that ship none. */
export function numberedClassNames(classes: number): string[] {
  return Array.from({ length: classes }, (_, i) => String(i));
}
