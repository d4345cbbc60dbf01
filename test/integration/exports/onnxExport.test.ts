// The ONNX export runs in onnxruntime-node and gives the engine's logits (issue #13 acceptance:
// 256 test images, within 1e-4 relative error, identical top-1), for an SSN network and a
// SuperWeights ensemble member subset.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBatch } from '../../../src-main/engine/data/makeBatch';
import { buildTrainedModel } from '../../../src-main/engine/export/trainedModel';
import { tf } from '../../../src-main/engine/tf';
import { decodeOnnx } from '../../../src-main/services/exports/encodeOnnx';
import { exportModel } from '../../../src-main/services/exports/exportModel';
import type { TrainedSource } from '../../../src-main/services/exports/trainedSource';
import { initialSource, trainTiny } from './trainedRun';

const IMAGES = 256;

/** NCHW pixels on the 0..1 scale (the ONNX input) and the engine's logits for the same images. */
function engineReference(source: TrainedSource, members?: number[]) {
  const test = source.prepared!.data.test!;
  const { height: h, width: w, channels: c } = test;
  const pixels = new Float32Array(IMAGES * c * h * w);
  for (let n = 0; n < IMAGES; n++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++)
          pixels[((n * c + k) * h + y) * w + x] = test.images[((n * h + y) * w + x) * c + k] / 255;
  const batch = makeBatch(
    test,
    Int32Array.from({ length: IMAGES }, (_, i) => i),
    source.plan.normalisation,
  );
  const trained = buildTrainedModel(source.plan, source.tensors);
  const x = tf.tensor4d(batch.x, batch.shape);
  const outs = trained.model.predictMembers(x);
  const chosen = members ? members.map((m) => outs[m]) : outs;
  const memberValues = chosen.map((l) => l.dataSync().slice() as Float32Array);
  const logits = tf.tidy(() =>
    chosen.length === 1
      ? chosen[0].clone()
      : tf.log(tf.add(tf.div(tf.addN(chosen.map((l) => tf.softmax(l))), chosen.length), 1e-12)),
  );
  const values = logits.dataSync().slice() as Float32Array;
  tf.dispose([x, logits, ...outs]);
  trained.dispose();
  return { pixels, shape: [IMAGES, c, h, w], values, memberValues, classes: source.plan.classes };
}

const argmaxRows = (v: Float32Array, k: number) =>
  Array.from({ length: v.length / k }, (_, r) => {
    let best = 0;
    for (let j = 1; j < k; j++) if (v[r * k + j] > v[r * k + best]) best = j;
    return best;
  });

async function compareWithOrt(source: TrainedSource, dir: string, members?: number[]) {
  const result = await exportModel(source, { format: 'onnx', outDir: dir, members });
  const ref = engineReference(source, members);
  const session = await ort.InferenceSession.create(readFileSync(result.path));
  const out = await session.run({ input: new ort.Tensor('float32', ref.pixels, ref.shape) });
  const got = out.logits.data as Float32Array;
  // An ensemble's members are compared logit for logit, its output (log mean softmax) as probabilities.
  const pairs: [Float32Array, Float32Array][] =
    ref.memberValues.length === 1
      ? [[got, ref.values]]
      : [
          ...ref.memberValues.map((v, m): [Float32Array, Float32Array] => [
            out[`member${m}_logits`].data as Float32Array,
            v,
          ]),
          [got.map(Math.exp), ref.values.map(Math.exp)],
        ];
  const relative = Math.max(...pairs.map(([a, b]) => relativeDifference(a, b)));
  return {
    result,
    relative,
    top1Got: argmaxRows(got, ref.classes),
    top1Ref: argmaxRows(ref.values, ref.classes),
  };
}

/** max|a − b| / max|b|. */
function relativeDifference(a: Float32Array, b: Float32Array): number {
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return maxAbs / scale;
}

describe('ONNX export', () => {
  let ssn: { dir: string; source: TrainedSource };
  beforeAll(async () => {
    ssn = await trainTiny();
  }, 120_000);

  it('runs in onnxruntime-node with the engine logits within 1e-4 relative and the same top-1 on 256 test images', async () => {
    const { relative, top1Got, top1Ref, result } = await compareWithOrt(ssn.source, ssn.dir);
    console.log(
      `ONNX SSN max relative difference ${relative.toExponential(2)}, ${result.bytes} bytes`,
    );
    expect(relative).toBeLessThan(1e-4);
    expect(top1Got).toEqual(top1Ref);
  });

  it('declares opset 17 and carries the class names and run id in its metadata', async () => {
    const result = await exportModel(ssn.source, {
      format: 'onnx',
      out: join(ssn.dir, 'meta.onnx'),
    });
    const model = decodeOnnx(readFileSync(result.path)) as {
      opset_import: { version: number }[];
      metadata_props: { key: string; value: string }[];
    };
    expect(model.opset_import[0].version).toBeGreaterThanOrEqual(17);
    const meta = Object.fromEntries(model.metadata_props.map((p) => [p.key, p.value]));
    expect(JSON.parse(meta.class_names)).toEqual(ssn.source.plan.classNames);
    expect(meta.class_names).toContain('Sneaker');
    expect('run_id' in meta).toBe(true);
  });

  it("exports a SuperWeights ensemble subset whose output is the members' mean softmax, as the engine predicts", async () => {
    const ensemble = await initialSource({
      arch: 'wrn-16-1',
      input: '28x28x1',
      method: 'superweights',
      budget: '50%',
      backend: 'wasm',
      superweights: { members: 'wrn-16-1,wrn-10-1' },
      training: {
        epochs: 1,
        batchSize: 16,
        lr: 0.05,
        maxStepsPerEpoch: 2,
        validationFraction: 0.05,
      },
      seed: 4,
    });
    expect(ensemble.plan.config.method).toBe('superweights');
    const { relative, top1Got, top1Ref } = await compareWithOrt(ensemble, ssn.dir, [0, 1]);
    console.log(`ONNX SuperWeights subset max relative difference ${relative.toExponential(2)}`);
    expect(relative).toBeLessThan(1e-4);
    expect(top1Got).toEqual(top1Ref);
    const member = await compareWithOrt(ensemble, ssn.dir, [1]);
    expect(member.relative).toBeLessThan(1e-4);
  }, 120_000);
});
