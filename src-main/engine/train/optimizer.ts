// SGD with momentum and Nesterov, PyTorch semantics (torch.optim.SGD, dampening 0), the optimiser
// both reference implementations train with: weight decay is added to the gradient before the
// momentum update, and parameters whose names match an exclusion skip it (coefficients always,
// ssn.md §2.3). Momentum buffers are variables so checkpoints can save and restore them.
import { tf } from '../tf';
import type { Parameter } from '../npas/provider';

export interface SgdArgs {
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  /** Extra name substrings that skip weight decay (on top of Parameter.decay === false). */
  noDecay: readonly string[];
}

/** One parameter's optimiser state. */
interface Slot {
  parameter: Parameter;
  buffer: tf.Variable | null;
  decay: boolean;
}

export class Sgd {
  readonly #args: SgdArgs;
  readonly #slots = new Map<string, Slot>();

  constructor(parameters: readonly Parameter[], args: SgdArgs) {
    this.#args = args;
    this.addParameters(parameters);
  }

  /**
   * Adds the parameters not yet optimised (by name), with fresh momentum, as the reference adds
   * unshared coefficients as a new parameter group (superweights.md §2.8); returns how many.
   */
  addParameters(parameters: readonly Parameter[]): number {
    let added = 0;
    for (const parameter of parameters) {
      if (this.#slots.has(parameter.name)) continue;
      const excluded = this.#args.noDecay.some((pattern) => parameter.name.includes(pattern));
      this.#slots.set(parameter.name, {
        parameter,
        buffer: null,
        decay: parameter.decay && !excluded,
      });
      added++;
    }
    return added;
  }

  /** Whether weight decay applies to the named parameter. */
  decays(name: string): boolean {
    return this.#slots.get(name)?.decay ?? false;
  }

  /** Applies one update with learning rate `lr`; `grads` is keyed by variable name (tfjs id). */
  step(grads: Map<string, tf.Tensor>, lr: number): void {
    const { momentum, nesterov, weightDecay } = this.#args;
    for (const slot of this.#slots.values()) {
      const grad = grads.get(slot.parameter.name);
      if (!grad) continue; // A parameter unused this step (e.g. another member's coefficients).
      tf.tidy(() => {
        let g = grad;
        const value = slot.parameter.variable;
        if (slot.decay && weightDecay > 0) g = tf.add(g, tf.mul(value, weightDecay));
        if (momentum > 0) {
          if (slot.buffer === null) {
            slot.buffer = tf.variable(g, false);
          } else {
            slot.buffer.assign(tf.add(tf.mul(slot.buffer, momentum), g));
          }
          g = nesterov ? tf.add(g, tf.mul(slot.buffer, momentum)) : slot.buffer;
        }
        value.assign(tf.sub(value, tf.mul(g, lr)));
      });
    }
  }

  /** Momentum buffers by parameter name, for checkpoints (absent before the first step). */
  buffers(): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    for (const [name, slot] of this.#slots) if (slot.buffer) out.set(name, slot.buffer);
    return out;
  }

  /** Restores a momentum buffer saved by a checkpoint. */
  setBuffer(name: string, values: Float32Array): void {
    const slot = this.#slots.get(name);
    if (!slot) return;
    const shape = slot.parameter.variable.shape;
    tf.tidy(() => {
      const tensor = tf.tensor(values, shape);
      if (slot.buffer) slot.buffer.assign(tensor);
      else slot.buffer = tf.variable(tensor, false);
    });
  }

  dispose(): void {
    for (const slot of this.#slots.values()) {
      slot.buffer?.dispose();
      slot.buffer = null;
    }
  }
}
