// Reads a dataset file into memory, gunzipping it when it is gzip data (MNIST is usually shipped
// as .gz), and turns every filesystem or zlib failure into a DatasetError naming the file.
import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { DatasetError } from '../../contract/errors';

const gunzipAsync = promisify(gunzip);

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The file's bytes as stored. */
export async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new DatasetError(file, `cannot read the file (${describeFsError(error)})`, {
      cause: error,
    });
  }
}

/** The file's bytes, decompressed if it is gzip (by content, not by name). */
export async function readDataFile(file: string): Promise<Uint8Array> {
  const raw = await readBytes(file);
  if (!isGzip(raw)) {
    if (file.endsWith('.gz')) {
      throw new DatasetError(file, 'is named .gz but is not gzip data (no 1f 8b header)');
    }
    return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  }
  try {
    const out = await gunzipAsync(raw);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError(file, `corrupt gzip data (${reason}); download the file again`, {
      cause: error,
    });
  }
}

/** A short reason for an fs error: its code and message when it has them. */
export function describeFsError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
