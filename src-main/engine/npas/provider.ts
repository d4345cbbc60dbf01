// The weight-provider contract every NPAS method implements (unshared, SSN, SuperWeights), and
// the budget-accounting shape they all report. A provider owns the trainable parameters that
// produce layer weights; the forward pass only ever asks it for weights, inside the gradient
// tape, so gradients reach stores, banks and coefficients.
import type { tf } from '../tf';

/** Methods the engine knows. */
export type Method = 'unshared' | 'ssn' | 'superweights';

/** A trainable variable with a stable name (for checkpoints and weight-decay rules). */
export interface Parameter {
  /** Unique within a model, e.g. `layer3.weight`, `ssn.group0.store`, `bn2.gamma`. */
  name: string;
  variable: tf.Variable;
  /** False for parameters weight decay must skip (coefficients, as the references do). */
  decay: boolean;
}

/** One layer's generated weights in tfjs layout: conv [kh, kw, in, out], dense [in, out]. */
export interface LayerWeights {
  kernel: tf.Tensor;
  bias?: tf.Tensor;
}

/** Per-layer line of the accounting. */
export interface LayerAccount {
  id: number;
  name: string;
  /** Reference (PyTorch) order shape: conv [O, I, kh, kw], dense [O, I]. */
  shape: number[];
  /** Parameters this layer would have unshared (weights + bias). */
  params: number;
  /** Sharing group (SSN) or cluster (SuperWeights); absent for unshared. */
  group?: number;
  /** Method-specific details (templates, offsets, upsampler, coefficients, ...). */
  detail?: Record<string, unknown>;
}

/** Per-group line of the accounting. */
export interface GroupAccount {
  id: number;
  layers: number[];
  /** Trainable numbers in this group's store(s) or bank(s); they count against the budget. */
  storeParams: number;
  detail?: Record<string, unknown>;
}

/**
 * What a model costs. `budgetParams` is what counts against the budget in the method's own
 * accounting (see docs/methods); `trainableParams` is every trainable number, batch norm included.
 */
export interface Accounting {
  method: Method;
  unsharedParams: number;
  /** The budget asked for, in parameters, or null when none was given. */
  requestedBudget: number | null;
  budgetParams: number;
  trainableParams: number;
  layers: LayerAccount[];
  groups: GroupAccount[];
}

/** Turns trainable parameters into every layer's weights. */
export interface WeightProvider {
  readonly method: Method;
  /** Trainable parameters owned by the provider (batch norm belongs to the model). */
  readonly parameters: readonly Parameter[];
  /** Every layer's weights, indexed by layer id. Call inside the tape (tf.variableGrads). */
  generate(): LayerWeights[];
  /** Budget accounting of this provider's model. */
  accounting(): Accounting;
  dispose(): void;
}
