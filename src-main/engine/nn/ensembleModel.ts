// An ensemble of members (superweights.md §4.1–4.3): each member is a Model with its own batch
// norms and classifier whose weights come from the shared SuperWeights set. Trained jointly on
// the sum of the members' losses; predicts with the sum of their softmax outputs.
import { assert } from '../../contract/assert';
import type { Accounting, Parameter } from '../npas/provider';
import { tf } from '../tf';
import type { Buffer } from './model';
import type { Model } from './model';
import type { BatchStats } from './normState';
import type { Trainable, TrainableForward } from './trainable';

/** Member-tagged batch statistics, so each member folds in only its own. */
type MemberStats = BatchStats & { member: number };

export class EnsembleModel implements Trainable {
  constructor(
    readonly members: readonly Model[],
    /** Parameters shared by every member (banks, coefficient slots), listed once. */
    private readonly shared: () => readonly Parameter[],
    private readonly account: () => Accounting,
    private readonly disposeShared: () => void,
  ) {
    assert(members.length >= 1, 'an ensemble has at least one member');
  }

  parameters(): Parameter[] {
    const seen = new Set<tf.Variable>();
    const out: Parameter[] = [];
    for (const p of this.shared()) {
      if (!seen.has(p.variable)) out.push(p);
      seen.add(p.variable);
    }
    this.members.forEach((member, m) => {
      for (const p of member.parameters()) {
        if (seen.has(p.variable)) continue;
        seen.add(p.variable);
        out.push({ ...p, name: `member${m}.${p.name}` });
      }
    });
    return out;
  }

  buffers(): Buffer[] {
    return this.members.flatMap((member, m) =>
      member.buffers().map((b) => ({ ...b, name: `member${m}.${b.name}` })),
    );
  }

  forward(x: tf.Tensor4D, training: boolean): TrainableForward {
    const outputs = this.members.map((member) => member.forward(x, training));
    const members = outputs.map((o) => o.logits);
    const stats: MemberStats[] = outputs.flatMap((o, m) =>
      o.stats.map((s) => ({ ...s, member: m })),
    );
    return { logits: ensembleLogits(members), stats, members };
  }

  updateRunningStats(stats: BatchStats[], batchSize: number): void {
    this.members.forEach((member, m) => {
      member.updateRunningStats(
        (stats as MemberStats[]).filter((s) => s.member === m),
        batchSize,
      );
    });
  }

  predict(x: tf.Tensor4D): tf.Tensor2D {
    const members = this.predictMembers(x);
    const out = ensembleLogits(members);
    tf.dispose(members);
    return out;
  }

  predictMembers(x: tf.Tensor4D): tf.Tensor2D[] {
    return this.members.map((member) => member.predict(x));
  }

  accounting(): Accounting {
    return this.account();
  }

  dispose(): void {
    // Members' providers share banks; the set frees them once the last member is disposed.
    this.members.forEach((member) => member.dispose());
    this.disposeShared();
  }
}

/**
 * The ensemble's logits from its members' logits: log(mean_m softmax(logits_m)), which ranks like
 * Σ softmax (§4.3) and is a proper log-probability. Leaves the members' tensors to the caller.
 */
export function ensembleLogits(members: tf.Tensor2D[]): tf.Tensor2D {
  return tf.tidy(() => {
    const probs = members.map((l) => tf.softmax(l));
    return tf.log(tf.add(tf.div(tf.addN(probs), members.length), 1e-12)) as tf.Tensor2D;
  });
}
