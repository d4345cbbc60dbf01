// The trainable variables of an SSN plan and their initialisation: stores (§2.4), coefficients
// alpha or embeddings phi from one orthogonal matrix per (group, K) (§2.3), Emb projections and
// single-layer modules with PyTorch's default init, mask/WAvg upsampler parameters (§3).
// Weight decay skips names containing "coefficients", as the reference (§2.3). Emb, with the
// reference crash fixed (§8 B1): phi is zeros(n_K, 24) then orthogonal_, as the authors' follow-up.
import type { LayerSpec } from '../../arch/types';
import { createRng } from '../../random';
import type { Rng } from '../../random';
import { tf } from '../../tf';
import type { Parameter } from '../provider';
import { orthogonal } from '../orthogonal';
import type { SsnLayerPlan, SsnPlan } from './planTypes';
import { EMB_SIZE } from './planTypes';
import { initStore } from './storeInit';

export interface SsnVariables {
  /** Per group id; null for single-layer groups. */
  stores: (tf.Variable | null)[];
  /** Per layer id: alpha [K] (WAvg) or phi [24] (Emb); null without coefficients. */
  coefficients: (tf.Variable | null)[];
  /** Emb projections keyed `${group}:${K}`: weight [24, K] (tfjs layout) and bias [K]. */
  projections: Map<string, { weight: tf.Variable; bias: tf.Variable }>;
  /** Per layer id: mask vectors [9·w·m] or WAvg mix U [2(m+1), 2]; null otherwise. */
  upsamplers: (tf.Variable | null)[];
  /** Per layer id: the ordinary weight (tfjs layout) and bias of a single-layer group. */
  singles: ({ kernel: tf.Variable; bias: tf.Variable } | null)[];
  parameters: Parameter[];
}

/** A trainable variable from initial values; the temporary tensor is freed (tidy). */
function variable(values: Float32Array, shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values, shape), true));
}

function uniform(count: number, bound: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: count }, () => (2 * rng.next() - 1) * bound);
}

/** tfjs-layout weight shape: conv [kh, kw, in, out], dense [in, out]. */
export function tfjsShape(plan: SsnLayerPlan): number[] {
  const [out, inp, ...kernel] = plan.shape;
  return [...kernel, inp, out];
}

/** The reference's per-(group, K) orthogonal matrices, one row per layer in bank order. */
function coefficientMatrices(
  plan: SsnPlan,
  root: Rng,
): Map<string, { values: Float32Array; width: number }> {
  const matrices = new Map<string, { values: Float32Array; width: number }>();
  for (const group of plan.groups) {
    group.templateCounts.forEach((k, i) => {
      if (plan.combiner === 'avg') return;
      const width = plan.combiner === 'wavg' ? k : EMB_SIZE;
      const rng = root.fork(`ssn.group${group.id}.k${k}.coefficients`);
      matrices.set(`${group.id}:${k}`, {
        values: orthogonal(group.rowsPerCount[i], width, rng),
        width,
      });
    });
  }
  return matrices;
}

function singleModule(layer: LayerSpec, plan: SsnLayerPlan, rng: Rng) {
  // PyTorch's default Conv2d/Linear init: U(±1/sqrt(fan_in)) for weight and bias.
  const bound = 1 / Math.sqrt(plan.size / plan.shape[0]);
  return {
    kernel: variable(uniform(plan.size, bound, rng), tfjsShape(plan)),
    bias: variable(uniform(layer.outChannels, bound, rng), [layer.outChannels]),
  };
}

function upsampler(plan: SsnLayerPlan, rng: Rng): tf.Variable | null {
  if (plan.resize === 'mask') {
    return variable(new Float32Array(plan.upsamplerParams).fill(1 / plan.upsamplerParams), [
      plan.upsamplerParams,
    ]);
  }
  if (plan.resize === 'wavg') {
    const rows = 2 * (plan.copies + 1);
    return variable(orthogonal(rows, 2, rng), [rows, 2]);
  }
  return null;
}

/** Creates every variable of `plan`, seeded. `layers` are the architecture's layer specs. */
export function createSsnVariables(plan: SsnPlan, layers: LayerSpec[], seed: number): SsnVariables {
  const root = createRng(seed);
  const parameters: Parameter[] = [];
  const add = (name: string, variable: tf.Variable) => {
    parameters.push({ name, variable, decay: !name.includes('coefficients') });
    return variable;
  };
  const stores = plan.groups.map((g) =>
    g.single
      ? null
      : add(
          `ssn.group${g.id}.store`,
          variable(initStore(g, root.fork(`ssn.group${g.id}.store`)), [g.store]),
        ),
  );
  const projections = new Map<string, { weight: tf.Variable; bias: tf.Variable }>();
  if (plan.combiner === 'emb') {
    for (const g of plan.groups) {
      for (const k of g.templateCounts) {
        const rng = root.fork(`ssn.group${g.id}.projection${k}`);
        const bound = 1 / Math.sqrt(EMB_SIZE);
        const weight = variable(uniform(EMB_SIZE * k, bound, rng), [EMB_SIZE, k]);
        const bias = variable(uniform(k, bound, rng), [k]);
        projections.set(`${g.id}:${k}`, {
          weight: add(`ssn.group${g.id}.projection${k}.weight`, weight),
          bias: add(`ssn.group${g.id}.projection${k}.bias`, bias),
        });
      }
    }
  }
  const matrices = coefficientMatrices(plan, root);
  const coefficients = plan.layers.map((l) => {
    const matrix = matrices.get(`${l.group}:${l.templates}`);
    if (l.coefficientParams === 0 || !matrix) return null;
    const row = matrix.values.slice(
      l.coefficientRow * matrix.width,
      (l.coefficientRow + 1) * matrix.width,
    );
    return add(`ssn.layer${l.id}.coefficients`, variable(row, [row.length]));
  });
  const upsamplers = plan.layers.map((l) => {
    const v = upsampler(l, root.fork(`ssn.layer${l.id}.upsampler`));
    return v ? add(`ssn.layer${l.id}.upsampler`, v) : null;
  });
  const singles = plan.layers.map((l) => {
    if (!l.single) return null;
    const m = singleModule(layers[l.id], l, root.fork(`ssn.layer${l.id}.single`));
    return {
      kernel: add(`ssn.layer${l.id}.weight`, m.kernel),
      bias: add(`ssn.layer${l.id}.bias`, m.bias),
    };
  });
  return { stores, coefficients, projections, upsamplers, singles, parameters };
}
