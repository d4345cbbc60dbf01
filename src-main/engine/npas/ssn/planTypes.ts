// The SSN plan: everything about an SSN model that is numbers only (groups, store sizes, K,
// blocks, template shapes, upsampling, parameter counts). Accounting reads it, the provider
// builds its variables and ops from it. ssn.md §2–§4.
import type { SsnCombiner, SsnUpsampler } from './config';

/** How a layer's templates are read from its block (ssn.md §3); 'none' = used as is. */
export type SsnResize = 'none' | 'inter' | 'repeat' | 'mask' | 'wavg';

export interface SsnLayerPlan {
  id: number;
  name: string;
  kind: 'conv' | 'dense';
  /** PyTorch-order shape: conv [O, I, kh, kw], dense [O, I]. */
  shape: number[];
  /** prod(shape). */
  size: number;
  group: number;
  /** Alone in its group: an ordinary layer with its own weight and bias (ssn.md §2.1). */
  single: boolean;
  /** Templates K (0 for a single layer). */
  templates: number;
  /** Shape of one template as stored: the layer shape, the Inter-warped shape, the search
   *  model's 2-D [h, w], or [store length] for repeat/mask/wavg upsampling. */
  templateShape: number[];
  /** Block [start, end) of the group store this layer reads. */
  start: number;
  end: number;
  resize: SsnResize;
  /** Extra copies m = ceil(size / store) − 1 for repeat/mask/wavg upsampling, else 0. */
  copies: number;
  /** Trainable numbers of this layer's upsampler (mask vectors or wavg matrix U). */
  upsamplerParams: number;
  /** Trainable coefficient numbers: alpha (K, WAvg), phi (24, Emb) or 0. */
  coefficientParams: number;
  /** Row of this layer in its group's per-K orthogonal init matrix, −1 without coefficients. */
  coefficientRow: number;
  /** Weight numbers counted against the budget for a single layer (0 when shared). */
  weightParams: number;
  /** Bias numbers of a single layer (never counted against the budget, ssn.md §1). */
  biasParams: number;
}

/** One template write of the store initialisation (ssn.md §2.4), in write order. */
export interface SsnInitBlock {
  start: number;
  templates: number;
  /** Template shape (PyTorch order); its numbers per template and, by default, its fan-in. */
  shape: number[];
  /** Fan-in to draw with when it is not the template's own (resized layers, init 'fanIn'). */
  fanIn?: number;
}

export interface SsnGroupPlan {
  id: number;
  /** Layer ids in bank order. */
  layers: number[];
  single: boolean;
  /** Store size P (0 for a single-layer group). */
  store: number;
  slide: boolean;
  /** Distinct K ≥ 2 with a coefficient matrix, in first-appearance (bank) order. */
  templateCounts: number[];
  /** Layers per K in `templateCounts` (the rows of each orthogonal init matrix). */
  rowsPerCount: number[];
  /** Emb only: trainable numbers of the Linear(24 → K) projections of this group. */
  projectionParams: number;
  initBlocks: SsnInitBlock[];
}

export interface SsnPlan {
  /** True for the learned-groups search model (ssn.md §4.2). */
  search: boolean;
  combiner: SsnCombiner;
  upsampler: SsnUpsampler;
  upsampleWindow: number;
  /** Coefficients pass through softmax (search model only). */
  softmax: boolean;
  requestedBudget: number | null;
  unsharedParams: number;
  /** Batch-norm γ and β of the architecture. */
  normParams: number;
  budgetParams: number;
  trainableParams: number;
  layers: SsnLayerPlan[];
  groups: SsnGroupPlan[];
}

/** Length of the Emb embedding phi (hard-coded in the reference). */
export const EMB_SIZE = 24;
