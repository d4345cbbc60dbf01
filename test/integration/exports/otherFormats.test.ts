// safetensors (the reference WRN's state_dict names, PyTorch layouts), the TF.js LayersModel
// (loads with tf.loadLayersModel and gives the engine's outputs) and the compact NPAS form (only
// the budget's own numbers, rebuilt to the same outputs), from one tiny trained SSN run.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { makeBatch } from '../../../src-main/engine/data/makeBatch';
import { readSafetensorsHeader } from '../../../src-main/engine/export/safetensors';
import { buildTrainedModel } from '../../../src-main/engine/export/trainedModel';
import { tf } from '../../../src-main/engine/tf';
import { exportModel } from '../../../src-main/services/exports/exportModel';
import { evaluateModel } from '../../../src-main/services/exports/evaluateModel';
import {
  sourceFromCompactFile,
  type TrainedSource,
} from '../../../src-main/services/exports/trainedSource';
import { relativeError } from '../../helpers/tensors';
import { initialSource, SSN_RUN, trainTiny } from './trainedRun';

const tfjs = createRequire(import.meta.url)(
  '@tensorflow/tfjs',
) as typeof import('@tensorflow/tfjs');

/** The reference WRN-10-1's state_dict keys (models/wrn.py of the SSN release), by module. */
function referenceWrn10x1Keys(): string[] {
  const bn = (m: string) =>
    ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked'].map(
      (k) => `${m}.${k}`,
    );
  const keys = ['conv_3x3.weight'];
  for (const s of [1, 2, 3]) {
    keys.push(
      ...bn(`stage_${s}.0.bn1`),
      `stage_${s}.0.conv1.weight`,
      ...bn(`stage_${s}.0.bn2`),
      `stage_${s}.0.conv2.weight`,
    );
    // Widen factor 1: stage 1 keeps 16 channels, so only stages 2 and 3 project.
    if (s > 1) keys.push(`stage_${s}.0.convShortcut.weight`);
  }
  return [...keys, ...bn('lastact.0'), 'classifier.weight', 'classifier.bias'];
}

function testBatch(source: TrainedSource, count: number) {
  const test = source.prepared!.data.test!;
  const indices = Int32Array.from({ length: count }, (_, i) => i);
  const normalised = makeBatch(test, indices, source.plan.normalisation);
  const raw = makeBatch(test, indices, {
    mean: test.channels === 1 ? [0] : [0, 0, 0],
    std: test.channels === 1 ? [1] : [1, 1, 1],
  });
  return {
    normalised: tf.tensor4d(normalised.x, normalised.shape),
    raw: tf.tensor4d(raw.x, raw.shape),
  };
}

describe('safetensors, TF.js and compact exports', () => {
  let run: { dir: string; source: TrainedSource };
  beforeAll(async () => {
    run = await trainTiny();
  }, 120_000);

  it('writes safetensors with the reference WRN state_dict names, F32 OIHW and [out, in] weights and I64 batch counters', async () => {
    const result = await exportModel(run.source, { format: 'safetensors', outDir: run.dir });
    const header = readSafetensorsHeader(readFileSync(result.path)) as Record<
      string,
      { dtype: string; shape: number[] }
    >;
    const { __metadata__: meta, ...tensors } = header as Record<string, never>;
    expect(Object.keys(tensors).sort()).toEqual(referenceWrn10x1Keys().sort());
    expect(tensors['conv_3x3.weight']).toMatchObject({ dtype: 'F32', shape: [16, 1, 3, 3] });
    expect(tensors['stage_2.0.convShortcut.weight']).toMatchObject({
      dtype: 'F32',
      shape: [32, 16, 1, 1],
    });
    expect(tensors['classifier.weight']).toMatchObject({ dtype: 'F32', shape: [10, 64] });
    expect(tensors['lastact.0.running_var']).toMatchObject({ dtype: 'F32', shape: [64] });
    expect(tensors['lastact.0.num_batches_tracked']).toMatchObject({ dtype: 'I64', shape: [] });
    expect((meta as Record<string, string>).format).toBe('pt');
    expect(result.bytes).toBe(readFileSync(result.path).length);
  });

  it('writes a TF.js LayersModel that tf.loadLayersModel loads with the engine outputs', async () => {
    const result = await exportModel(run.source, { format: 'tfjs', outDir: run.dir });
    const json = JSON.parse(readFileSync(join(result.path, 'model.json'), 'utf8'));
    const weights = readFileSync(join(result.path, 'weights.bin'));
    const loaded = await tfjs.loadLayersModel(
      tfjs.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
      }),
    );
    const { normalised, raw } = testBatch(run.source, 64);
    const trained = buildTrainedModel(run.source.plan, run.source.tensors);
    const expected = trained.model.predict(normalised);
    const got = loaded.predict(raw) as tf.Tensor;
    const error = relativeError(got, expected);
    console.log(`TF.js max relative difference ${error.toExponential(2)}`);
    expect(error).toBeLessThan(1e-4);
    tf.dispose([normalised, raw, expected, got]);
    trained.dispose();
    loaded.dispose();
  });

  it("writes the compact form with only the budget's own numbers, and it rebuilds to the same logits", async () => {
    const compact = await exportModel(run.source, { format: 'npas', outDir: run.dir });
    const materialised = await exportModel(run.source, {
      format: 'safetensors',
      out: join(run.dir, 'm.safetensors'),
    });
    expect(compact.compactBytes).toBe(compact.bytes);
    // SSN at 10%: the stores, batch norms and classifier are far fewer numbers than the network.
    expect(compact.compactParams).toBeLessThan(0.5 * compact.materialisedParams);
    expect(compact.bytes).toBeLessThan(0.5 * materialised.bytes);
    const reread = sourceFromCompactFile(compact.path);
    expect(reread.tensors.every((t) => !t.name.startsWith('momentum:'))).toBe(true);
    const { normalised, raw } = testBatch(run.source, 32);
    const a = buildTrainedModel(run.source.plan, run.source.tensors);
    const b = buildTrainedModel(reread.plan, reread.tensors);
    const [x, y] = [a.model.predict(normalised), b.model.predict(normalised)];
    expect(relativeError(y, x)).toBe(0);
    tf.dispose([normalised, raw, x, y]);
    a.dispose();
    b.dispose();
  });

  it("writes a TF.js ensemble subset that outputs the members' mean softmax", async () => {
    const source = await initialSource({
      ...SSN_RUN,
      arch: 'wrn-16-1',
      method: 'superweights',
      budget: '50%',
      superweights: { members: 'wrn-16-1,wrn-10-1' },
    });
    const result = await exportModel(source, { format: 'tfjs', outDir: run.dir, members: [0, 1] });
    const json = JSON.parse(readFileSync(join(result.path, 'model.json'), 'utf8'));
    const weights = readFileSync(join(result.path, 'weights.bin'));
    const loaded = await tfjs.loadLayersModel(
      tfjs.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
      }),
    );
    const { normalised, raw } = testBatch(source, 32);
    const trained = buildTrainedModel(source.plan, source.tensors);
    const expected = tf.exp(trained.model.predict(normalised));
    const got = loaded.predict(raw) as tf.Tensor;
    expect(relativeError(got, expected)).toBeLessThan(1e-4);
    tf.dispose([normalised, raw, expected, got]);
    trained.dispose();
    loaded.dispose();
  }, 60_000);

  it('evaluates an ensemble per member and together, and says when another dataset was adapted', async () => {
    const source = await initialSource({
      ...SSN_RUN,
      arch: 'wrn-10-2',
      method: 'superweights',
      budget: 250000,
      superweights: { members: 'wrn-10-2,wrn-10-1' },
    });
    // Another dataset: two classes of 20×20 colour PNGs, adapted to the network's 28×28×1.
    const folder = join(run.dir, 'pngs');
    for (const [c, name] of ['coat', 'shirt'].entries()) {
      mkdirSync(join(folder, name), { recursive: true });
      for (let i = 0; i < 2; i++) {
        const image = new PNG({ width: 20, height: 20 });
        image.data.fill(60 * (c + i + 1));
        writeFileSync(join(folder, name, `${i}.png`), PNG.sync.write(image));
      }
    }
    const other = await evaluateModel(source, { datasetPath: folder });
    expect(other.count).toBe(4);
    expect(other.members).toHaveLength(2);
    for (const m of other.members!) expect(m.top5).toBeGreaterThanOrEqual(m.top1);
    expect(other.notes.join(' ')).toContain('20×20×3 → 28×28×1');
  }, 120_000);
});
