import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { trainingSchema } from '../../../../src-main/contract/config';
import { CheckpointError } from '../../../../src-main/contract/errors';
import { buildArchitecture } from '../../../../src-main/engine/arch/registry';
import type { Dataset } from '../../../../src-main/engine/data/dataset';
import { superWeightsConfig } from '../../../../src-main/engine/npas/superweights';
import { createRng } from '../../../../src-main/engine/random';
import { tf } from '../../../../src-main/engine/tf';
import { createCoefficientUnsharing } from '../../../../src-main/engine/train/coefficientUnsharing';
import type { TrainEvent } from '../../../../src-main/engine/train/events';
import { buildSuperWeightsModel } from '../../../../src-main/engine/train/superWeightsModel';
import { train, type TrainerData } from '../../../../src-main/engine/train/trainer';
import { expectNoLeaks } from '../../../helpers/tensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const input = { height: 8, width: 8, channels: 1 };
// Two perceptrons keep it fast on the cpu backend; any architecture gets depth bins and banks.
const archs = ['mlp', 'mlp'].map((name) => buildArchitecture(name, { classes: 3, input }));
// One α per bank shared by both members, so the members' shares are there to split; the
// budget gives the banks 8 and 7 templates (with one, α is a scalar and every cosine is ±1).
// After two steps on random data the members' α gradients still agree to a cosine in
// (0.9, 0.99), so τ_c is 0.99 here.
const settings = superWeightsConfig({
  budget: 8 * (64 * 256 + 256 * 128),
  coefficients: 'perBank',
  init: 'fanIn',
  unshare: { epoch: 1, period: 0, threshold: 0.99 },
});
const training = trainingSchema.parse({ epochs: 2, batchSize: 8, lr: 0.1, maxStepsPerEpoch: 2 });

function randomData(count: number): TrainerData {
  const rng = createRng(11);
  const train: Dataset = {
    name: 'random',
    images: Uint8Array.from({ length: count * 64 }, () => rng.int(256)),
    count,
    ...input,
    labels: Int32Array.from({ length: count }, (_, i) => i % 3),
    classes: 3,
    classNames: ['a', 'b', 'c'],
    source: 'memory',
  };
  return { train, validation: null, test: null, norm: { mean: [0.5], std: [0.25] } };
}

const slotValues = (build: ReturnType<typeof buildSuperWeightsModel>, from: number) =>
  build.set.plan.slots
    .slice(from)
    .map((s) => Array.from(build.set.coefficient(s.id).variable.dataSync()));

describe('coefficient unsharing hooks', () => {
  it('split the members’ shared α after epoch 1, train the new slots, and rebuild them from the saved state', async () => {
    await expectNoLeaks(async () => {
      const data = randomData(32);
      const build = buildSuperWeightsModel(archs, settings, 3);
      const initial = build.set.plan.slots.length;
      const hooks = createCoefficientUnsharing(build, data, training, 3);
      const events: TrainEvent[] = [];
      let copied: number[][] = [];
      await train({
        model: build.model,
        data,
        training,
        seed: 3,
        onEvent: (e) => events.push(e),
        afterEpoch: async (epoch) => {
          const note = await hooks.afterEpoch(epoch);
          if (note) copied = slotValues(build, initial);
          return note;
        },
      });
      const [record] = hooks.records;
      expect(hooks.records).toHaveLength(1);
      expect(record).toMatchObject({ epoch: 0, batches: 2 });
      // Both banks split member 1 off: 2 slots of 8 and 7 coefficients.
      expect(record).toMatchObject({ added: 2, addedParams: 15, slotsBefore: 2, slotsAfter: 4 });
      expect(build.set.plan.slots.length).toBe(initial + 2);
      expect(record.paramsAfter - record.paramsBefore).toBe(15);
      expect(events.filter((e) => e.type === 'phase' && e.phase === 'unsharing')).toHaveLength(1);
      // Every new slot moved during epoch 2: the optimiser and the step picked it up.
      const trained = slotValues(build, initial);
      trained.forEach((values, i) => expect(values).not.toEqual(copied[i]));

      const saved = JSON.parse(JSON.stringify(hooks.modelState.save()));
      const fresh = buildSuperWeightsModel(archs, settings, 3);
      const freshHooks = createCoefficientUnsharing(fresh, data, training, 3);
      freshHooks.modelState.restore(saved);
      expect(fresh.model.parameters().map((p) => p.name)).toEqual(
        build.model.parameters().map((p) => p.name),
      );
      expect(fresh.set.plan.members).toEqual(build.set.plan.members);
      expect(freshHooks.records).toEqual(hooks.records);
      expect(() => freshHooks.modelState.restore(saved)).toThrow(/already unshared/);
      build.model.dispose();
      fresh.model.dispose();
    });
  });

  it('reject a saved state that does not fit the model with a CheckpointError', () => {
    const build = buildSuperWeightsModel(archs, settings, 3);
    const hooks = createCoefficientUnsharing(build, randomData(8), training, 3);
    const restore = (state: unknown) => () => hooks.modelState.restore(state);
    expect(restore({ sources: [], coefficients: [[]], records: [] })).toThrow(CheckpointError);
    expect(restore({ sources: [99], coefficients: [], records: [] })).toThrow(/source slot/);
    expect(restore({ sources: 'x' })).toThrow(/malformed/);
    expect(() => hooks.modelState.restore(undefined)).not.toThrow();
    build.model.dispose();
  });
});
