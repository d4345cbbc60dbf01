// Builds what a SuperWeights phase trains (superweights.md §1.6, §4.1–4.2): the shared set of
// banks and coefficient slots, one Model per member, the Trainable the trainer sees (a Model for
// a single network, an EnsembleModel otherwise) and each member's inference forward pass, which
// the search (§2.2) and unsharing (§2.8) gradients need.
import { assert } from '../../contract/assert';
import type { Architecture } from '../arch/types';
import { EnsembleModel } from '../nn/ensembleModel';
import { forward } from '../nn/forward';
import { Model } from '../nn/model';
import type { Trainable } from '../nn/trainable';
import {
  createSuperWeights,
  type MemberForward,
  type SuperWeightsConfig,
  type SuperWeightsSet,
  type SuperWeightsSharing,
} from '../npas/superweights';

export interface SuperWeightsBuild {
  archs: Architecture[];
  settings: SuperWeightsConfig;
  set: SuperWeightsSet;
  /** One Model per member, trained or not. */
  models: Model[];
  /** What the trainer trains; disposing it frees the whole build. */
  model: Trainable;
  /** Inference-mode logits of each member from given layer weights. */
  forwards: MemberForward[];
}

export interface SuperWeightsBuildOptions {
  /** Learned clusters and coefficient links (the main phase after a search); else depth bins. */
  sharing?: SuperWeightsSharing;
  /**
   * Members whose losses the trainer sums (default: all). The search pretrains only member 0
   * and the first member of each new depth (§2.1 step 2); the others still get gradients.
   */
  trained?: readonly number[];
}

/** Banks, slots and models of `archs` (largest first) seeded with `seed`. */
export function buildSuperWeightsModel(
  archs: readonly Architecture[],
  settings: SuperWeightsConfig,
  seed: number,
  options: SuperWeightsBuildOptions = {},
): SuperWeightsBuild {
  const set = createSuperWeights(archs, settings, seed, options.sharing);
  const models = set.members.map((provider, m) => new Model(archs[m], provider));
  const forwards = models.map(
    (model): MemberForward =>
      (weights, x) =>
        forward(model.arch, weights, model.norms, x, false).logits,
  );
  const build = { archs: [...archs], settings, set, models, forwards };
  // A single network keeps the plain Model (its checkpoint names stay those of a Model).
  if (archs.length === 1) return { ...build, model: models[0] };
  const trained = options.trained ?? models.map((_, m) => m);
  assert(trained.length > 0, 'at least one member is trained');
  const idle = models.filter((_, m) => !trained.includes(m));
  const model = new EnsembleModel(
    trained.map((m) => models[m]),
    () => set.parameters,
    () => set.accounting(),
    () => {
      idle.forEach((m) => m.dispose());
      set.dispose();
    },
  );
  return { ...build, model };
}
