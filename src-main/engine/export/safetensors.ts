// The safetensors container (https://github.com/huggingface/safetensors): an 8-byte
// little-endian header length, a JSON header naming each tensor's dtype, shape and byte range,
// then the raw little-endian data. Written and read here (the reader serves the tests and
// `npas` checks); the names and layouts are chosen by torchNames.ts.

export interface SafeTensor {
  name: string;
  dtype: 'F32' | 'I64';
  shape: number[];
  /** F32 values, or I64 values as numbers. */
  values: Float32Array | number[];
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Encodes tensors and string metadata as a .safetensors file. */
export function encodeSafetensors(
  tensors: readonly SafeTensor[],
  metadata: Record<string, string>,
): Uint8Array {
  const header: Record<string, HeaderEntry | Record<string, string>> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.values.length * (t.dtype === 'F32' ? 4 : 8);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.fill(0x20, 8, 8 + headerLength);
  out.set(json, 8);
  let at = 8 + headerLength;
  for (const t of tensors) {
    if (t.dtype === 'F32') {
      for (const v of t.values as Float32Array) {
        view.setFloat32(at, v, true);
        at += 4;
      }
    } else {
      for (const v of t.values as number[]) {
        view.setBigInt64(at, BigInt(v), true);
        at += 8;
      }
    }
  }
  return out;
}

/** The header of a .safetensors file (names → dtype, shape, offsets; plus __metadata__). */
export function readSafetensorsHeader(bytes: Uint8Array): Record<string, unknown> {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Record<
    string,
    unknown
  >;
}
