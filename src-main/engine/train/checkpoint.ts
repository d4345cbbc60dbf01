// Checkpoint files: every trainable parameter, batch-norm buffer and momentum buffer, plus the
// trainer's position and history, so a resumed run continues to the same numbers. Format:
// "NPASCKP1", a little-endian u32 header length, a JSON header (entries with offsets and an
// FNV-1a checksum of the data), then raw float32 data. Written to a temporary file, flushed and
// renamed, so a crash or a full disk never leaves a half-written checkpoint under the real name.
import { readFileSync } from 'node:fs';
import { CheckpointError } from '../../contract/errors';
import { writeFileAtomic } from './writeFileAtomic';

const MAGIC = 'NPASCKP1';
export const CHECKPOINT_VERSION = 1;

/** A named float32 array (parameter, buffer or momentum). */
export interface TensorEntry {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Everything the trainer needs to continue. `state` is trainer-defined JSON. */
export interface CheckpointData {
  tensors: TensorEntry[];
  state: Record<string, unknown>;
}

interface Header {
  version: number;
  checksum: number;
  bytes: number;
  entries: { name: string; shape: number[]; offset: number; length: number }[];
  state: Record<string, unknown>;
}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** Serialises a checkpoint to bytes. */
export function encodeCheckpoint(data: CheckpointData): Uint8Array {
  let offset = 0;
  const entries = data.tensors.map((t) => {
    const entry = { name: t.name, shape: t.shape, offset, length: t.values.length };
    offset += t.values.length;
    return entry;
  });
  const payload = new Float32Array(offset);
  for (let i = 0; i < entries.length; i++) payload.set(data.tensors[i].values, entries[i].offset);
  const payloadBytes = new Uint8Array(payload.buffer);
  const header: Header = {
    version: CHECKPOINT_VERSION,
    checksum: fnv1a(payloadBytes),
    bytes: payloadBytes.length,
    entries,
    state: data.state,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header so the float32 payload starts 4-byte aligned.
  const headerLength = Math.ceil(headerBytes.length / 4) * 4;
  const out = new Uint8Array(MAGIC.length + 4 + headerLength + payloadBytes.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerLength, true);
  out.fill(0x20, MAGIC.length + 4, MAGIC.length + 4 + headerLength);
  out.set(headerBytes, MAGIC.length + 4);
  out.set(payloadBytes, MAGIC.length + 4 + headerLength);
  return out;
}

/** Parses checkpoint bytes, verifying magic, version, sizes and checksum. */
export function decodeCheckpoint(bytes: Uint8Array, file = 'checkpoint'): CheckpointData {
  const magic = new TextDecoder().decode(bytes.subarray(0, MAGIC.length));
  if (bytes.length < MAGIC.length + 4 || magic !== MAGIC) {
    throw new CheckpointError(`${file}: not an NPAS checkpoint (bad magic)`);
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4;
  if (start + headerLength > bytes.length) {
    throw new CheckpointError(`${file}: truncated header (${bytes.length} bytes)`);
  }
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(start, start + headerLength)));
  } catch (error) {
    throw new CheckpointError(`${file}: damaged header`, { cause: error });
  }
  if (header.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(`${file}: checkpoint version ${header.version} is not supported`);
  }
  const payload = bytes.slice(start + headerLength);
  if (payload.length !== header.bytes) {
    throw new CheckpointError(
      `${file}: truncated data (${payload.length} of ${header.bytes} bytes)`,
    );
  }
  if (fnv1a(payload) !== header.checksum) throw new CheckpointError(`${file}: checksum mismatch`);
  const floats = new Float32Array(payload.buffer, payload.byteOffset, payload.length / 4);
  const tensors = header.entries.map((e) => ({
    name: e.name,
    shape: e.shape,
    values: floats.slice(e.offset, e.offset + e.length),
  }));
  return { tensors, state: header.state };
}

/** Writes a checkpoint atomically (temporary file, fsync, rename). */
export function writeCheckpoint(path: string, data: CheckpointData): void {
  const bytes = encodeCheckpoint(data);
  try {
    writeFileAtomic(path, bytes);
  } catch (error) {
    throw new CheckpointError(`${path}: could not write checkpoint: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Reads and verifies a checkpoint file. */
export function readCheckpoint(path: string): CheckpointData {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CheckpointError(`${path}: cannot read checkpoint: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return decodeCheckpoint(bytes, path);
}
