// Builds the SSN plan of an architecture: groups (ssn.md §4.1), store sizes (§4.4), each bank's
// layout (§2–§3) and the parameter totals (§1); also the learned-groups search model (§4.2).
import { ArchitectureError, BudgetError } from '../../../contract/errors';
import type { Architecture, LayerSpec } from '../../arch/types';
import { unsharedParams, weightCount, weightShape } from '../../arch/types';
import { checkSearchSettings, checkSettings } from './checkSettings';
import type { SsnConfig } from './config';
import type { GroupLayout } from './layerGroups';
import { layerGroups } from './layerGroups';
import { planBank } from './planBank';
import type { SsnGroupPlan, SsnLayerPlan, SsnPlan } from './planTypes';
import { EMB_SIZE } from './planTypes';
import { storeSizes } from './storeSizes';
import { searchTemplateShape } from './templateShape';

/** Templates per layer in the search model (forced by the reference). */
export const SEARCH_TEMPLATES = 4;

function checkArchitecture(arch: Architecture): void {
  if (arch.layers.length === 0) throw new ArchitectureError(`'${arch.name}' has no weight layers`);
  arch.layers.forEach((layer, index) => {
    if (layer.id !== index) {
      throw new ArchitectureError(
        `'${arch.name}': layer at index ${index} has id ${layer.id}; ids must be 0..L−1 in order`,
      );
    }
  });
}

function singleLayer(layer: LayerSpec, group: number): SsnLayerPlan {
  const shape = weightShape(layer);
  const size = weightCount(layer);
  return {
    id: layer.id,
    name: layer.name,
    kind: layer.kind,
    shape,
    size,
    group,
    single: true,
    templates: 0,
    templateShape: shape,
    start: 0,
    end: 0,
    resize: 'none',
    copies: 0,
    upsamplerParams: 0,
    coefficientParams: 0,
    coefficientRow: -1,
    weightParams: size,
    biasParams: layer.outChannels,
  };
}

function singleGroup(group: number, id: number): SsnGroupPlan {
  return {
    id: group,
    layers: [id],
    single: true,
    store: 0,
    slide: false,
    templateCounts: [],
    rowsPerCount: [],
    projectionParams: 0,
    initBlocks: [],
  };
}

function totals(arch: Architecture, layers: SsnLayerPlan[], groups: SsnGroupPlan[]) {
  const normParams = arch.norms.reduce((sum, n) => sum + 2 * n.channels, 0);
  const stores = groups.reduce((sum, g) => sum + g.store, 0);
  const budgetParams = stores + layers.reduce((sum, l) => sum + l.weightParams, 0);
  const extras = layers.reduce(
    (sum, l) => sum + l.biasParams + l.coefficientParams + l.upsamplerParams,
    groups.reduce((sum, g) => sum + g.projectionParams, 0),
  );
  return {
    unsharedParams: unsharedParams(arch),
    normParams,
    budgetParams,
    trainableParams: budgetParams + extras + normParams,
  };
}

/** Plans a given partition (already resolved to groups). */
export function planWithGroups(
  arch: Architecture,
  config: SsnConfig,
  layout: GroupLayout,
): SsnPlan {
  checkArchitecture(arch);
  checkSettings(config);
  const stores = storeSizes(arch, layout, config.budget);
  const layers: SsnLayerPlan[] = new Array(arch.layers.length);
  const groups = layout.members.map((ids, group) => {
    if (ids.length === 1) {
      layers[ids[0]] = singleLayer(arch.layers[ids[0]], group);
      return singleGroup(group, ids[0]);
    }
    const bank = planBank(
      group,
      ids.map((id) => arch.layers[id]),
      stores[group],
      layout.slide,
      config,
    );
    for (const plan of bank.layers) layers[plan.id] = plan;
    return bank.group;
  });
  return {
    search: false,
    combiner: config.combiner,
    upsampler: config.upsampler,
    upsampleWindow: config.upsampleWindow,
    softmax: false,
    requestedBudget: config.budget,
    ...totals(arch, layers, groups),
    layers,
    groups,
  };
}

/** The SSN plan of `arch` under `config`; `seed` only matters for random groups. */
export function planSsn(arch: Architecture, config: SsnConfig, seed = 0): SsnPlan {
  checkArchitecture(arch);
  checkSettings(config);
  return planWithGroups(arch, config, layerGroups(arch, config, seed));
}

function searchLayer(
  layer: LayerSpec,
  store: number,
  combiner: 'wavg' | 'emb',
  row: number,
): SsnLayerPlan {
  const shape = weightShape(layer);
  const templateShape = searchTemplateShape(shape, store, SEARCH_TEMPLATES);
  if (!templateShape) {
    throw new BudgetError(
      `search budget ${store} is too small for layer ${layer.id} '${layer.name}' [${shape.join(', ')}]: ` +
        `its 2-D template would have 0 rows; raise the search budget`,
    );
  }
  return {
    ...singleLayer(layer, 0),
    single: false,
    templates: SEARCH_TEMPLATES,
    templateShape,
    start: 0,
    end: store - (store % SEARCH_TEMPLATES),
    resize: 'inter',
    coefficientParams: combiner === 'wavg' ? SEARCH_TEMPLATES : EMB_SIZE,
    coefficientRow: row,
    weightParams: 0,
    biasParams: 0,
  };
}

/** The learned-groups search model: one store of `search.budget`, K = 4 whole-store blocks. */
export function planSearch(arch: Architecture, config: SsnConfig): SsnPlan {
  checkArchitecture(arch);
  checkSearchSettings(config);
  const { budget: store, combiner } = config.search;
  const layers = arch.layers.map((layer, row) => searchLayer(layer, store, combiner, row));
  const group: SsnGroupPlan = {
    id: 0,
    layers: arch.layers.map((l) => l.id),
    single: false,
    store,
    slide: false,
    templateCounts: [SEARCH_TEMPLATES],
    rowsPerCount: [layers.length],
    projectionParams: combiner === 'emb' ? (EMB_SIZE + 1) * SEARCH_TEMPLATES : 0,
    initBlocks: [],
  };
  return {
    search: true,
    combiner,
    upsampler: 'inter',
    upsampleWindow: 1,
    softmax: true,
    requestedBudget: store,
    ...totals(arch, layers, [group]),
    layers,
    groups: [group],
  };
}
