// Models-out report (issue #13): trains SSN at 10% of WRN-16-2 on the bundled sample for a few
// steps, exports every format, and prints each format's maximum relative difference from the
// engine's logits on 256 test images and the file sizes (compact vs materialised). Also writes
// the inputs and engine logits next to the safetensors file for scripts/check_safetensors.py.
// Usage: npx tsx scripts/export-report.ts [OUT_DIR]
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { parseRunConfig } from '../src-main/contract/config';
import { makeBatch } from '../src-main/engine/data/makeBatch';
import { buildTrainedModel } from '../src-main/engine/export/trainedModel';
import { executeRun } from '../src-main/engine/train/executeRun';
import { tf } from '../src-main/engine/tf';
import { exportModel, sourceFromCompactFile } from '../src-main/services/exports';
import { sourceFromRunFiles } from '../src-main/services/exports/trainedSource';

const tfjs = createRequire(import.meta.url)(
  '@tensorflow/tfjs',
) as typeof import('@tensorflow/tfjs');
const out = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'npas-export-report-'));
const config = parseRunConfig({
  arch: 'wrn-16-2',
  method: 'ssn',
  budget: '10%',
  backend: process.env.NPAS_BACKEND || 'auto',
  training: { epochs: 1, batchSize: 64, lr: 0.05, maxStepsPerEpoch: 20, validationFraction: 0.05 },
  seed: 1,
});
await executeRun(config, { backend: config.backend, checkpointDir: out });
const source = await sourceFromRunFiles(config, out, null);
const test = source.prepared!.data.test!;
const N = 256;
const batch = makeBatch(
  test,
  Int32Array.from({ length: N }, (_, i) => i),
  source.plan.normalisation,
);
const raw = makeBatch(
  test,
  Int32Array.from({ length: N }, (_, i) => i),
  { mean: [0, 0, 0], std: [1, 1, 1] },
);
const trained = buildTrainedModel(source.plan, source.tensors);
const reference = trained.model.predict(tf.tensor4d(batch.x, batch.shape));
const ref = reference.dataSync() as Float32Array;
trained.dispose();

const rel = (a: ArrayLike<number>) => {
  let d = 0;
  let s = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(a[i] - ref[i]));
    s = Math.max(s, Math.abs(ref[i]));
  }
  return d / s;
};
const nchw = (x: Float32Array, [n, h, w, c]: number[]) => {
  const o = new Float32Array(x.length);
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let z = 0; z < w; z++)
        for (let k = 0; k < c; k++)
          o[((i * c + k) * h + y) * w + z] = x[((i * h + y) * w + z) * c + k];
  return o;
};
const report: Record<string, unknown> = { out };
const onnx = await exportModel(source, { format: 'onnx', outDir: out });
const session = await ort.InferenceSession.create(readFileSync(onnx.path));
const [n, h, w, c] = raw.shape;
const ortOut = await session.run({
  input: new ort.Tensor('float32', nchw(raw.x, raw.shape), [n, c, h, w]),
});
report.onnx = { bytes: onnx.bytes, maxRelativeDifference: rel(ortOut.logits.data as Float32Array) };
const st = await exportModel(source, { format: 'safetensors', outDir: out });
report.safetensors = { bytes: st.bytes, path: st.path };
const tfjsResult = await exportModel(source, { format: 'tfjs', outDir: out });
const json = JSON.parse(readFileSync(join(tfjsResult.path, 'model.json'), 'utf8'));
const weights = readFileSync(join(tfjsResult.path, 'weights.bin'));
const layers = await tfjs.loadLayersModel(
  tfjs.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
  }),
);
const tfjsOut = layers.predict(tf.tensor4d(raw.x, raw.shape)) as tf.Tensor;
report.tfjs = { bytes: tfjsResult.bytes, maxRelativeDifference: rel(tfjsOut.dataSync()) };
const compact = await exportModel(source, { format: 'npas', outDir: out });
const reread = sourceFromCompactFile(compact.path);
const rebuilt = buildTrainedModel(reread.plan, reread.tensors);
report.npas = {
  bytes: compact.bytes,
  maxRelativeDifference: rel(rebuilt.model.predict(tf.tensor4d(batch.x, batch.shape)).dataSync()),
  compactParams: compact.compactParams,
  materialisedParams: compact.materialisedParams,
};
writeFileSync(
  join(out, 'torch-check.json'),
  JSON.stringify({
    shape: [n, c, h, w],
    input: Array.from(nchw(batch.x, batch.shape)),
    logits: Array.from(ref),
    depth: 16,
    widen: 2,
    classes: source.plan.classes,
  }),
);
console.log(JSON.stringify(report, null, 2));
