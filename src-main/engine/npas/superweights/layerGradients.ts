// Gradients for the search phases, computed on tensors and returned as plain arrays:
// ∂L/∂W_l of every generated layer weight on one batch in inference mode (superweights.md §2.2),
// and ∂L/∂α per member and coefficient slot summed over batches (§2.8). The forward pass is passed
// in (npas sits below nn): `(weights, x) => forward(arch, weights, norms, x, false).logits`.
import { assert } from '../../../contract/assert';
import { tf } from '../../tf';
import type { LayerWeights } from '../provider';
import { crossEntropy } from '../../crossEntropy';
import { toReferenceLayout } from '../layout';
import type { LayerGradients } from './clusterSearch';
import type { SuperWeightsSet } from './createSuperWeights';
import { blockShapeOf } from './widthLevels';

/** Inference-mode logits of one member from its layer weights (tfjs layout). */
export type MemberForward = (weights: readonly LayerWeights[], x: tf.Tensor4D) => tf.Tensor2D;

/** A batch: NHWC images and int32 class indices. */
export interface LabelledBatch {
  x: tf.Tensor4D;
  labels: tf.Tensor1D;
}

/**
 * §2.2: for each member, the weights are generated once, then `tf.grads` of the member's loss
 * with respect to those generated tensors (intermediates in the provider's own graph) gives
 * dL/dW_l. Each member runs its own forward and loss on the same batch.
 */
export async function collectLayerGradients(
  set: SuperWeightsSet,
  forwards: readonly MemberForward[],
  batch: LabelledBatch,
): Promise<LayerGradients> {
  assert(forwards.length === set.members.length, 'one forward per member');
  const all: LayerGradients = [];
  for (const [m, member] of set.members.entries()) {
    const layers = set.plan.members[m].layers;
    const ids = layers.flatMap((l) => (l ? [l.layer.id] : []));
    const weights = member.generate();
    const kernels = ids.map((id) => weights[id].kernel);
    const loss = (...generated: tf.Tensor[]): tf.Scalar => {
      const swapped = weights.map((w, id) => {
        const k = ids.indexOf(id);
        return k < 0 ? w : { ...w, kernel: generated[k] };
      });
      return crossEntropy(forwards[m](swapped, batch.x), batch.labels);
    };
    const grads = tf.grads(loss)(kernels);
    const result: LayerGradients[number] = layers.map(() => null);
    for (const [k, id] of ids.entries()) {
      const layer = layers[id]!.layer;
      const reference = toReferenceLayout(grads[k], layer.kind);
      result[id] = { shape: blockShapeOf(layer), values: (await reference.data()) as Float32Array };
      reference.dispose();
    }
    tf.dispose([...kernels, ...grads]);
    all.push(result);
  }
  return all;
}

/** Σ over batches of ∂L_m/∂α per member and slot id (a shared slot sums over its layers). */
export type CoefficientGradients = Map<number, Float64Array>[];

/**
 * §2.8 step 1: over `batches` (one pass of the training set, inference mode), each member's own
 * loss and backward pass; the gradient of every slot the member uses is summed per member.
 */
export async function accumulateCoefficientGradients(
  set: SuperWeightsSet,
  forwards: readonly MemberForward[],
  batches: Iterable<LabelledBatch>,
): Promise<CoefficientGradients> {
  const sums: CoefficientGradients = set.members.map(() => new Map());
  for (const batch of batches) {
    for (const [m, member] of set.members.entries()) {
      const slots = [
        ...new Set(
          set.plan.members[m].layers.flatMap((l) => l?.pieces.map((p) => p.coefficient) ?? []),
        ),
      ];
      const variables = slots.map((id) => set.coefficient(id).variable);
      const { value, grads } = tf.variableGrads(
        () => crossEntropy(forwards[m](member.generate(), batch.x), batch.labels),
        variables,
      );
      for (const [k, id] of slots.entries()) {
        const grad = await grads[variables[k].name].data();
        const sum = sums[m].get(id) ?? new Float64Array(grad.length);
        for (let i = 0; i < grad.length; i++) sum[i] += grad[i];
        sums[m].set(id, sum);
      }
      tf.dispose([value, ...Object.values(grads)]);
    }
  }
  return sums;
}
