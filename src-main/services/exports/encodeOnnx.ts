// ONNX bytes from the engine's ModelProto-shaped object, encoded by protobufjs against the
// official schema (resources/onnx/onnx.proto3): no hand-written wire format.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import type { OnnxModel } from '../../engine/export/onnxGraph';
import { resourcesDir } from '../resources';

let modelType: protobuf.Type | null = null;

function onnxModelType(): protobuf.Type {
  if (!modelType) {
    // keepCase: the engine uses the schema's own field names (ir_version, op_type, ...).
    const schema = readFileSync(join(resourcesDir(), 'onnx', 'onnx.proto3'), 'utf8');
    const { root } = protobuf.parse(schema, { keepCase: true });
    root.resolveAll();
    modelType = root.lookupType('onnx.ModelProto');
  }
  return modelType;
}

/** Serialises `model` as an ONNX file's bytes. */
export function encodeOnnx(model: OnnxModel): Uint8Array {
  const type = onnxModelType();
  const problem = type.verify(model);
  if (problem) throw new Error(`ONNX model does not match onnx.proto: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

/** Parses ONNX bytes back into a plain object (tests, inspection). */
export function decodeOnnx(bytes: Uint8Array): Record<string, unknown> {
  const type = onnxModelType();
  return type.toObject(type.decode(bytes), { longs: Number, bytes: Array, defaults: false });
}
