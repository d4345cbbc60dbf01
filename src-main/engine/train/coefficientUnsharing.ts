// Coefficient unsharing during the main phase (superweights.md §2.8) as trainer hooks: at the
// end of each unshare epoch, sum every member's ∂L/∂α over one pass of the training set in
// inference mode, split shared α whose gradients disagree, and let the trainer pick up the new
// slots. The pass is bounded like a training epoch: `maxStepsPerEpoch` batches when set, else
// every full batch (the reference runs its whole train loader). The new slots and the layers
// rewired to them are saved in every checkpoint, so a resumed run rebuilds them before loading.
import type { TrainingConfig } from '../../contract/config';
import { CheckpointError } from '../../contract/errors';
import { makeBatch } from '../data/makeBatch';
import {
  accumulateCoefficientGradients,
  isUnshareEpoch,
  unshareCoefficients,
  type LabelledBatch,
} from '../npas/superweights';
import { createRng, permutation } from '../random';
import { tf } from '../tf';
import type { SuperWeightsBuild } from './superWeightsModel';
import type { EpochNote, ModelStateHooks, TrainerData } from './trainer';

/** What one unsharing test did. */
export interface UnsharingRecord {
  /** 0-based epoch at whose end it ran. */
  epoch: number;
  /** Batches whose gradients were summed. */
  batches: number;
  /** Slots added, and the numbers they hold. */
  added: number;
  addedParams: number;
  /** Live coefficient slots, and trainable numbers of the model, before and after. */
  slotsBefore: number;
  slotsAfter: number;
  paramsBefore: number;
  paramsAfter: number;
}

/** What checkpoints carry: each added slot's source, every piece's slot, the records so far. */
interface UnsharingState {
  sources: number[];
  coefficients: number[][][];
  records: UnsharingRecord[];
}

export interface CoefficientUnsharing {
  afterEpoch(epoch: number): Promise<EpochNote | void>;
  modelState: ModelStateHooks;
  /** Every test so far, restored ones included. */
  readonly records: readonly UnsharingRecord[];
}

/** Hooks that unshare `build`'s coefficients on `training`'s data per its unshare settings. */
export function createCoefficientUnsharing(
  build: SuperWeightsBuild,
  data: TrainerData,
  training: TrainingConfig,
  seed: number,
): CoefficientUnsharing {
  const { set, settings } = build;
  const initialSlots = set.plan.slots.length;
  const state: UnsharingState = { sources: [], coefficients: [], records: [] };
  return {
    records: state.records,
    async afterEpoch(epoch) {
      if (!isUnshareEpoch(settings.unshare, epoch)) return;
      const record = await unshareOnce(build, state, data, training, seed, epoch);
      state.records.push(record);
      return {
        phase: 'unsharing',
        message: `unsharing after epoch ${epoch + 1}: ${record.added} coefficient slots added over ${record.batches} batches (${record.slotsBefore} → ${record.slotsAfter} slots, ${record.paramsBefore.toLocaleString('en-US')} → ${record.paramsAfter.toLocaleString('en-US')} trainable)`,
      };
    },
    modelState: {
      save: () => ({ ...state, coefficients: pieceSlots(build) }),
      restore: (saved) => {
        if (saved === undefined || saved === null) return;
        const restored = checkState(saved, build, initialSlots);
        for (const source of restored.sources) set.copySlot(source);
        setPieceSlots(build, restored.coefficients);
        state.sources.push(...restored.sources);
        state.records.push(...restored.records);
      },
    },
  };
}

async function unshareOnce(
  build: SuperWeightsBuild,
  state: UnsharingState,
  data: TrainerData,
  training: TrainingConfig,
  seed: number,
  epoch: number,
): Promise<UnsharingRecord> {
  const { set, settings } = build;
  const paramsBefore = trainableCount(build);
  const before = pieceSlots(build);
  let batches = 0;
  const counted = (function* () {
    for (const batch of unshareBatches(data, training, seed, epoch)) {
      batches++;
      yield batch;
    }
  })();
  const grads = await accumulateCoefficientGradients(set, build.forwards, counted);
  const firstNew = set.plan.slots.length;
  const result = unshareCoefficients(set, grads, settings.unshare.threshold);
  state.sources.push(...newSlotSources(before, pieceSlots(build), firstNew, set.plan.slots.length));
  return {
    epoch,
    batches,
    added: result.added.length,
    addedParams: result.added.reduce((sum, p) => sum + p.variable.size, 0),
    slotsBefore: result.slotsBefore,
    slotsAfter: result.slotsAfter,
    paramsBefore,
    paramsAfter: trainableCount(build),
  };
}

/** One epoch's worth of augmented batches in a shuffle of its own; each is freed once used. */
function* unshareBatches(
  data: TrainerData,
  training: TrainingConfig,
  seed: number,
  epoch: number,
): Generator<LabelledBatch> {
  const { train } = data;
  const size = Math.min(training.batchSize, train.count);
  const full = Math.floor(train.count / size);
  const steps = training.maxStepsPerEpoch > 0 ? Math.min(full, training.maxStepsPerEpoch) : full;
  const order = permutation(train.count, createRng(seed).fork(`unshare ${epoch}`));
  for (let step = 0; step < steps; step++) {
    const indices = order.subarray(step * size, (step + 1) * size);
    const rng = createRng(seed).fork(`unshare:${epoch}:${step}`);
    const batch = makeBatch(train, indices, { ...data.norm, augment: training.augment, rng });
    const x = tf.tensor4d(batch.x, batch.shape);
    const labels = tf.tensor1d(batch.y, 'int32');
    try {
      yield { x, labels };
    } finally {
      tf.dispose([x, labels]);
    }
  }
}

function trainableCount(build: SuperWeightsBuild): number {
  return build.model.parameters().reduce((sum, p) => sum + p.variable.size, 0);
}

/** The slot of every piece, per member and layer id ([] for layers not generated). */
function pieceSlots(build: SuperWeightsBuild): number[][][] {
  return build.set.plan.members.map((m) =>
    m.layers.map((l) => l?.pieces.map((p) => p.coefficient) ?? []),
  );
}

function setPieceSlots(build: SuperWeightsBuild, slots: number[][][]): void {
  build.set.plan.members.forEach((m, i) =>
    m.layers.forEach((l, id) => l?.pieces.forEach((p, k) => (p.coefficient = slots[i][id][k]))),
  );
}

/** For each new slot, the slot its first piece used before: the one it was copied from. */
function newSlotSources(
  before: number[][][],
  after: number[][][],
  from: number,
  to: number,
): number[] {
  const sources: number[] = [];
  for (let slot = from; slot < to; slot++) {
    let source = -1;
    after.forEach((layers, m) =>
      layers.forEach((pieces, id) =>
        pieces.forEach((s, k) => {
          if (s === slot && source < 0) source = before[m][id][k];
        }),
      ),
    );
    sources.push(source);
  }
  return sources;
}

/** Checks a saved state fits this build: every piece present, every slot id known. */
function checkState(
  saved: unknown,
  build: SuperWeightsBuild,
  initialSlots: number,
): UnsharingState {
  const state = saved as Partial<UnsharingState>;
  const { members } = build.set.plan;
  const fail = (why: string) => {
    throw new CheckpointError(
      `checkpoint's SuperWeights unsharing state ${why}: it was written by a different model`,
    );
  };
  if (build.set.plan.slots.length !== initialSlots)
    fail('is restored onto a model already unshared');
  if (
    !Array.isArray(state.sources) ||
    !Array.isArray(state.coefficients) ||
    !Array.isArray(state.records)
  ) {
    return fail('is malformed (sources, coefficients and records are lists)');
  }
  const total = initialSlots + state.sources.length;
  if (state.sources.some((s, i) => !Number.isInteger(s) || s < 0 || s >= initialSlots + i)) {
    fail(`names a source slot outside 0..${total - 1}`);
  }
  const fits =
    state.coefficients.length === members.length &&
    members.every((m, i) =>
      m.layers.every((l, id) => {
        const saved = state.coefficients?.[i]?.[id];
        const count = l?.pieces.length ?? 0;
        return (
          Array.isArray(saved) &&
          saved.length === count &&
          saved.every((s) => Number.isInteger(s) && s >= 0 && s < total)
        );
      }),
    );
  if (!fits) fail("does not match the model's layers and levels");
  return state as UnsharingState;
}
