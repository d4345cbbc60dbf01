// The SuperWeights weight provider (superweights.md §1): template banks shared by every ensemble
// member, coefficient slots per §1.6, and per member a WeightProvider whose generate() assembles
// each layer from its level blocks. Build one set per run phase (pretraining, then a fresh main
// phase from the learned sharing, §2.1 step 4).
//
// Wiring: `createSuperWeights(archs, config, seed, sharing?)` → `{ members }`; give member m's
// provider to member m's Model (`new Model(archs[m], set.members[m])`), train on the sum of the
// members' losses over `set.parameters` plus each Model's batch norms. A Model disposing its
// provider only frees that member's own weights; the banks go with the last member (or dispose()).
import { assert } from '../../../contract/assert';
import type { Architecture, LayerSpec } from '../../arch/types';
import { createRng, type Rng } from '../../random';
import { tf } from '../../tf';
import type { LayerWeights, Parameter, WeightProvider } from '../provider';
import { accountPlan, liveSlots, type SuperWeightsAccounting } from './accounting';
import { toTfjsLayout } from '../layout';
import { assembleBlocks, combineTemplates } from './assembly';
import type { SuperWeightsConfig } from './config';
import { orthogonal } from '../orthogonal';
import {
  planSuperWeights,
  type BankPlan,
  type CoefficientSlot,
  type LayerPlan,
  type SuperWeightsPlan,
  type SuperWeightsSharing,
} from './plan';

/** One member's provider; its parameters include the banks and slots it uses. */
export interface SuperWeightsMember extends WeightProvider {
  readonly method: 'superweights';
  readonly member: number;
}

export interface SuperWeightsSet {
  /** The live plan: unsharing rewires its pieces to new slots. */
  readonly plan: SuperWeightsPlan;
  readonly config: SuperWeightsConfig;
  readonly banks: readonly Parameter[];
  readonly members: readonly SuperWeightsMember[];
  /** Every trainable parameter of the set once: banks, live coefficient slots, members' own. */
  readonly parameters: readonly Parameter[];
  /** The variable of a coefficient slot. */
  coefficient(slot: number): Parameter;
  /** Adds a slot initialised to a copy of `from`'s current value (§2.8); returns its id. */
  copySlot(from: number): number;
  accounting(): SuperWeightsAccounting;
  dispose(): void;
}

/** Builds banks, slots and member providers from a plan of `members` (depth bins unless `sharing`). */
export function createSuperWeights(
  members: readonly Architecture[],
  config: SuperWeightsConfig,
  seed: number,
  sharing?: SuperWeightsSharing,
): SuperWeightsSet {
  const plan = planSuperWeights(members, config, sharing);
  const rng = createRng(seed);
  const banks = plan.banks.map((bank) => createBank(bank, config, rng.fork(`bank:${bank.id}`)));
  const slots: Parameter[] = initialSlots(plan, rng);
  const own = plan.members.map((m, i) =>
    createOwnParams(i, m.arch, m.layers, rng.fork(`member:${i}`)),
  );
  const alive = plan.members.map(() => true);
  let disposed = false;
  const disposeShared = () => {
    if (disposed) return;
    disposed = true;
    tf.dispose([...banks, ...slots].map((p) => p.variable));
  };
  const memberList: SuperWeightsMember[] = [];
  const set: SuperWeightsSet = {
    plan,
    config,
    banks,
    members: memberList,
    get parameters() {
      const live = [...liveSlots(plan)].sort((a, b) => a - b);
      return [...banks, ...live.map((id) => slots[id]), ...own.flatMap((o) => [...o.values()])];
    },
    coefficient: (slot) => slots[slot],
    copySlot: (from) => {
      const source = plan.slots[from];
      plan.slots.push({ ...source, id: plan.slots.length });
      slots.push({
        name: `sw.alpha${slots.length}`,
        variable: variableFrom(slots[from].variable.clone()),
        decay: false,
      });
      return plan.slots.length - 1;
    },
    accounting: () => accountPlan(plan, config.budget),
    dispose: () => {
      set.members.forEach((m) => m.dispose());
      disposeShared();
    },
  };
  plan.members.forEach((_, m) => {
    memberList.push(
      createMember(set, m, own[m], slots, () => {
        alive[m] = false;
        if (alive.every((a) => !a)) disposeShared();
      }),
    );
  });
  return set;
}

/** The single-network convenience: one member's provider whose dispose frees everything. */
export function createSuperWeightsProvider(
  arch: Architecture,
  config: SuperWeightsConfig,
  seed: number,
): SuperWeightsMember {
  return createSuperWeights([arch], config, seed).members[0];
}

function createBank(bank: BankPlan, config: SuperWeightsConfig, rng: Rng): Parameter {
  // The reference fills only ⌊N/9⌋·9 entries and leaves the tail uninitialised (§1.5); all are drawn here.
  const std = Math.sqrt(2 / (config.init === 'reference' ? 9 : bank.fanIn));
  const data = new Float32Array(bank.size);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * std;
  return {
    name: `sw.bank${bank.cluster}_w${bank.level}`,
    variable: variableFrom(tf.tensor1d(data)),
    decay: true,
  };
}

/** Slot values: row `row` of an orthogonal (rows × K) matrix per (member, bank) (§1.5). */
function initialSlots(plan: SuperWeightsPlan, rng: Rng): Parameter[] {
  const matrices = new Map<string, Float32Array>();
  return plan.slots.map((slot: CoefficientSlot) => {
    const key = `${slot.init.member}:${slot.bank}`;
    if (!matrices.has(key)) {
      matrices.set(key, orthogonal(slot.init.rows, slot.templates, rng.fork(`alpha:${key}`)));
    }
    const k = slot.templates;
    const row = (matrices.get(key) as Float32Array).slice(
      slot.init.row * k,
      (slot.init.row + 1) * k,
    );
    return { name: `sw.alpha${slot.id}`, variable: variableFrom(tf.tensor1d(row)), decay: false };
  });
}

/** A member's own parameters: unshared layers (kaiming-normal fan-in, bias 0) and shared-layer biases. */
function createOwnParams(
  member: number,
  arch: Architecture,
  layers: (LayerPlan | null)[],
  rng: Rng,
): Map<string, Parameter> {
  const own = new Map<string, Parameter>();
  for (const layer of arch.layers) {
    const prefix = `sw.m${member}.${layer.name}`;
    if (!layers[layer.id])
      own.set(`${layer.id}.kernel`, {
        name: `${prefix}.weight`,
        variable: kaiming(layer, rng.fork(layer.name)),
        decay: true,
      });
    if (layer.bias)
      own.set(`${layer.id}.bias`, {
        name: `${prefix}.bias`,
        variable: variableFrom(tf.zeros([layer.outChannels])),
        decay: true,
      });
  }
  return own;
}

function kaiming(layer: LayerSpec, rng: Rng): tf.Variable {
  const fanIn = layer.inChannels * layer.kernel * layer.kernel;
  const std = Math.sqrt(2 / fanIn);
  const shape =
    layer.kind === 'conv'
      ? [layer.kernel, layer.kernel, layer.inChannels, layer.outChannels]
      : [layer.inChannels, layer.outChannels];
  const data = new Float32Array(fanIn * layer.outChannels);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * std;
  return variableFrom(tf.tensor(data, shape));
}

function variableFrom(t: tf.Tensor): tf.Variable {
  // Names are process-global in tfjs, so none are given; Parameter.name carries ours.
  const v = tf.variable(t, true);
  t.dispose();
  return v;
}

function createMember(
  set: SuperWeightsSet,
  member: number,
  own: Map<string, Parameter>,
  slots: Parameter[],
  onDispose: () => void,
): SuperWeightsMember {
  const { plan } = set;
  const { arch, layers } = plan.members[member];
  let disposed = false;
  return {
    method: 'superweights',
    member,
    get parameters() {
      const used = new Set(layers.flatMap((l) => l?.pieces.map((p) => p.coefficient) ?? []));
      const bankIds = new Set(layers.flatMap((l) => l?.pieces.map((p) => p.bank) ?? []));
      return [
        ...set.banks.filter((_, b) => bankIds.has(b)),
        ...[...used].sort((a, b) => a - b).map((id) => slots[id]),
        ...own.values(),
      ];
    },
    generate: () => generateMember(set, arch, layers, own, slots),
    accounting: () => set.accounting(),
    dispose: () => {
      if (disposed) return;
      disposed = true;
      tf.dispose([...own.values()].map((p) => p.variable));
      onDispose();
    },
  };
}

/** Every layer's weights; blocks are cached per (slot, window) since layers may share them. */
function generateMember(
  set: SuperWeightsSet,
  arch: Architecture,
  layers: (LayerPlan | null)[],
  own: Map<string, Parameter>,
  slots: Parameter[],
): LayerWeights[] {
  // tidy keeps every tensor found in the returned objects; LayerWeights only lacks the index signature.
  return tf.tidy((): tf.TensorContainer => {
    const blocks = new Map<string, tf.Tensor1D>();
    const block = (bank: number, slot: number, start: number): tf.Tensor1D => {
      const key = `${slot}:${start}`;
      if (!blocks.has(key)) {
        const segment = set.plan.banks[bank].segment.numel;
        const alpha = slots[slot].variable as tf.Tensor1D;
        blocks.set(
          key,
          combineTemplates(set.banks[bank].variable as tf.Tensor1D, alpha, start, segment),
        );
      }
      return blocks.get(key) as tf.Tensor1D;
    };
    return arch.layers.map((layer): LayerWeights => {
      const plan = layers[layer.id];
      const bias = own.get(`${layer.id}.bias`)?.variable;
      if (!plan) {
        const kernel = own.get(`${layer.id}.kernel`);
        assert(kernel !== undefined, `layer ${layer.id} has its own kernel`);
        return bias ? { kernel: kernel.variable, bias } : { kernel: kernel.variable };
      }
      const segments = plan.pieces.map((p) => set.plan.banks[p.bank].segment);
      const parts = plan.pieces.map((p) => block(p.bank, p.coefficient, p.window.start));
      const kernel = toTfjsLayout(assembleBlocks(segments, parts), layer.kind);
      return bias ? { kernel, bias } : { kernel };
    }) as unknown as tf.TensorContainer;
  }) as unknown as LayerWeights[];
}
