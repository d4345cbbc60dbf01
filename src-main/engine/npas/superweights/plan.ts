// The whole SuperWeights layout as plain data (superweights.md §1.2–1.6, §3): clusters, width
// levels, banks with their sizes, each layer's pieces (bank, window, coefficient slot) and the
// coefficient slots themselves. Pure numbers, no tensors, so the UI ledger can call it on every
// slider move; the provider builds its variables from it.
import { assert } from '../../../contract/assert';
import { ConfigError } from '../../../contract/errors';
import type { Architecture, LayerSpec } from '../../arch/types';
import {
  allocateBanks,
  templateCount,
  templateWindows,
  type Allocation,
  type TemplateWindow,
} from './allocation';
import { checkOrder, type SuperWeightsConfig } from './config';
import { depthBins, sharedLayers, type ClusterMap } from './depthBins';
import {
  blockShapeOf,
  levelSegments,
  sortedShapes,
  topLevel,
  type BlockShape,
  type LevelSegment,
} from './widthLevels';

/** "Start this layer with the α of the layer at `position` of the same cluster in `member`." */
export interface CoefficientLink {
  member: number;
  position: number;
}

/**
 * What the search learns and a run stores: each member's cluster per layer id (−1: not
 * generated), and for members after the first an optional coefficient link per layer id (null:
 * own α). `coefficientMap` null: no links (every member owns its α in `perLayer` mode).
 */
export interface SuperWeightsSharing {
  clusters: ClusterMap[];
  coefficientMap: (CoefficientLink | null)[][] | null;
}

export interface BankPlan {
  id: number;
  cluster: number;
  level: number;
  segment: LevelSegment;
  /** N_b, entries in the bank. */
  size: number;
  /** K of every layer drawing on the bank. */
  templates: number;
  /** L_b over all members. */
  layerCount: number;
  /** Largest fan-in (I·kh·kw) among the bank's layers, for the `fanIn` init. */
  fanIn: number;
}

/** One level of one layer: its block is Σ_k α_k T_k over the window's K templates. */
export interface LayerPiece {
  bank: number;
  level: number;
  window: TemplateWindow;
  /** Coefficient slot id. */
  coefficient: number;
}

export interface LayerPlan {
  member: number;
  layer: LayerSpec;
  cluster: number;
  /** 0-based index among the member's layers of this cluster, in id order. */
  position: number;
  shape: BlockShape;
  /** Levels 0..r in order. */
  pieces: LayerPiece[];
}

/** One trainable α vector; its initial value is row `row` of an orthogonal (rows × K) matrix. */
export interface CoefficientSlot {
  id: number;
  bank: number;
  templates: number;
  init: { member: number; row: number; rows: number };
}

export interface MemberPlan {
  arch: Architecture;
  /** Indexed by layer id; null for layers the member owns outright (the classifier). */
  layers: (LayerPlan | null)[];
}

export interface SuperWeightsPlan {
  members: MemberPlan[];
  banks: BankPlan[];
  slots: CoefficientSlot[];
  allocation: Allocation;
  sharing: SuperWeightsSharing;
}

/** Shared-layer count (WRN-d-k: d) and width (WRN: k, else the widest layer) of a member. */
export function memberSize(
  arch: Architecture,
  shareClassifier: boolean,
): { depth: number; width: number } {
  const layers = sharedLayers(arch, shareClassifier);
  const wrn = /^wrn-\d+-(\d+)$/.exec(arch.name);
  const width = wrn ? Number(wrn[1]) : Math.max(0, ...layers.map((l) => l.outChannels));
  return { depth: layers.length, width };
}

/** Members must come largest first: depths never increase, widths never increase within a depth. */
export function checkMemberOrder(members: readonly Architecture[], shareClassifier: boolean): void {
  if (members.length === 0)
    throw new ConfigError('members is empty: give at least one architecture');
  const sizes = members.map((arch) => memberSize(arch, shareClassifier));
  for (let i = 1; i < members.length; i++) {
    checkOrder(i, members[i - 1].name, members[i].name, sizes[i - 1], sizes[i]);
  }
}

/** Plans every member: depth bins unless `sharing` (e.g. from the search) is given. */
export function planSuperWeights(
  members: readonly Architecture[],
  config: SuperWeightsConfig,
  sharing?: SuperWeightsSharing,
): SuperWeightsPlan {
  checkMemberOrder(members, config.shareClassifier);
  const resolved = sharing ?? {
    clusters: depthBins(members, config.bins, config.kernelsApart, config.shareClassifier),
    coefficientMap: null,
  };
  checkSharing(members, resolved);
  const layers = members.map((arch, m) =>
    arch.layers.map((layer) => draftLayer(m, layer, resolved.clusters[m])),
  );
  const banks = planBanks(layers, config);
  const slots = assignSlots(layers, banks.plans, resolved, config);
  return {
    members: members.map((arch, m) => ({ arch, layers: layers[m] })),
    banks: banks.plans,
    slots,
    allocation: banks.allocation,
    sharing: resolved,
  };
}

function checkSharing(members: readonly Architecture[], sharing: SuperWeightsSharing): void {
  const valid =
    sharing.clusters.length === members.length &&
    members.every((arch, m) => sharing.clusters[m].length === arch.layers.length);
  if (!valid) {
    throw new ConfigError(
      'sharing does not match the members: one cluster id per layer of every member is needed',
    );
  }
}

function draftLayer(member: number, layer: LayerSpec, clusters: ClusterMap): LayerPlan | null {
  const cluster = clusters[layer.id];
  if (cluster < 0) return null;
  const position = clusters.slice(0, layer.id).filter((c) => c === cluster).length;
  return { member, layer, cluster, position, shape: blockShapeOf(layer), pieces: [] };
}

/** Levels per cluster, banks in (cluster, level) order, their sizes, and every layer's windows. */
function planBanks(layers: (LayerPlan | null)[][], config: SuperWeightsConfig) {
  const all = layers.flat().filter((l): l is LayerPlan => l !== null);
  const clusterIds = [...new Set(all.map((l) => l.cluster))].sort((a, b) => a - b);
  const drafts: Omit<BankPlan, 'size' | 'templates'>[] = [];
  for (const cluster of clusterIds) {
    const inCluster = all.filter((l) => l.cluster === cluster);
    const kernels = new Set(inCluster.map((l) => `${l.layer.kind}${l.shape.kh}`));
    if (kernels.size > 1) {
      throw new ConfigError(
        `cluster ${cluster} mixes layer kinds or kernel sizes (${[...kernels].join(', ')}): a cluster can only assemble one`,
      );
    }
    const distinct = sortedShapes(inCluster.map((l) => l.shape));
    const segments = levelSegments(distinct);
    for (const layer of inCluster) {
      const top = topLevel(distinct, layer.shape);
      for (let w = 0; w <= top; w++) {
        const bank = drafts.length + w;
        layer.pieces.push({ bank, level: w, window: { start: 0, templates: 1 }, coefficient: -1 });
      }
    }
    segments.forEach((segment, w) => {
      const users = inCluster.filter((l) => l.pieces.length > w);
      const fanIn = Math.max(...users.map((l) => l.shape.in * l.shape.kh * l.shape.kw));
      drafts.push({
        id: drafts.length,
        cluster,
        level: w,
        segment,
        layerCount: users.length,
        fanIn,
      });
    });
  }
  const demand = drafts.map((d) => ({ segment: d.segment.numel, layerCount: d.layerCount }));
  const allocation = allocateBanks(demand, config.budget, config.allocation, config.allowOverrun);
  const plans: BankPlan[] = drafts.map((d, b) => ({
    ...d,
    size: allocation.sizes[b],
    templates: templateCount(allocation.sizes[b], d.segment.numel, config.maxTemplates),
  }));
  assignWindows(layers, plans, config.maxTemplates);
  return { plans, allocation };
}

/** Windows are laid out per member and bank, in the order the member registers its layers. */
function assignWindows(
  layers: (LayerPlan | null)[][],
  banks: BankPlan[],
  maxTemplates: number,
): void {
  for (const memberLayers of layers) {
    for (const bank of banks) {
      const pieces = memberLayers.flatMap((l) =>
        l ? l.pieces.filter((p) => p.bank === bank.id) : [],
      );
      const windows = templateWindows(pieces.length, bank.size, bank.segment.numel, maxTemplates);
      pieces.forEach((piece, j) => (piece.window = windows[j]));
    }
  }
}

/** Coefficient slots per §1.6; see CoefficientMode. Links are followed to an earlier member's slot. */
function assignSlots(
  layers: (LayerPlan | null)[][],
  banks: BankPlan[],
  sharing: SuperWeightsSharing,
  config: SuperWeightsConfig,
): CoefficientSlot[] {
  const slots: CoefficientSlot[] = [];
  const rowsOf = (member: number, bank: number) =>
    layers[member].filter((l) => l?.pieces.some((p) => p.bank === bank)).length;
  const create = (member: number, bank: number, row: number): number => {
    const rows = rowsOf(member, bank);
    slots.push({
      id: slots.length,
      bank,
      templates: banks[bank].templates,
      init: { member, row, rows },
    });
    return slots.length - 1;
  };
  const perBank = new Map<string, number>();
  layers.forEach((memberLayers, m) => {
    const rowInBank = new Map<number, number>();
    for (const layer of memberLayers) {
      for (const piece of layer?.pieces ?? []) {
        const row = rowInBank.get(piece.bank) ?? 0;
        rowInBank.set(piece.bank, row + 1);
        if (config.coefficients === 'perBank') {
          const key = config.coefficientShare ? `${piece.bank}` : `${m}:${piece.bank}`;
          if (!perBank.has(key)) perBank.set(key, create(m, piece.bank, 0));
          piece.coefficient = perBank.get(key) as number;
        } else {
          const linked =
            m > 0 && config.coefficientShare
              ? linkedSlot(layers, sharing, layer as LayerPlan, piece)
              : -1;
          piece.coefficient = linked >= 0 ? linked : create(m, piece.bank, row);
        }
      }
    }
  });
  assert(
    layers.flat().every((l) => !l || l.pieces.every((p) => p.coefficient >= 0)),
    'every piece has a slot',
  );
  return slots;
}

/** The slot of the linked layer's piece in the same bank, or −1 when there is none. */
function linkedSlot(
  layers: (LayerPlan | null)[][],
  sharing: SuperWeightsSharing,
  layer: LayerPlan,
  piece: LayerPiece,
): number {
  const link = sharing.coefficientMap?.[layer.member]?.[layer.layer.id] ?? null;
  if (!link || link.member >= layer.member) return -1;
  const target = layers[link.member].find(
    (l) => l?.cluster === layer.cluster && l.position === link.position,
  );
  const match = target?.pieces.find((p) => p.bank === piece.bank);
  return match ? match.coefficient : -1;
}
