// The weight-provider contract every NPAS method implements (unshared, SSN, SuperWeights), and
// the budget-accounting shape they all report. A provider owns the trainable parameters that
// produce layer weights; the forward pass only ever asks it for weights, inside the gradient
// tape, so gradients reach stores, banks and coefficients.
import type { Accounting, Method } from '../../contract/engineTypes';
import type { tf } from '../tf';

// Accounting types live in the contract (they cross the worker protocol and the wire).
export type { Accounting, GroupAccount, LayerAccount, Method } from '../../contract/engineTypes';

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
