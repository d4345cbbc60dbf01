// One group's ("bank's") layout for normal training: templates K per layer, resizing where a
// layer exceeds the store (Inter p-search or repeat/mask/wavg copies), coefficient rows, block
// assignment and the store-initialisation write order. ssn.md §2.1–§2.4 and §3.
import { BudgetError } from '../../../contract/errors';
import type { LayerSpec } from '../../arch/types';
import { weightCount, weightShape } from '../../arch/types';
import { assignBlocks, shapesByCount } from './assignBlocks';
import type { SsnConfig } from './config';
import type { SsnGroupPlan, SsnInitBlock, SsnLayerPlan, SsnResize } from './planTypes';
import { EMB_SIZE } from './planTypes';
import { interTemplateShape } from './templateShape';

const prod = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

/** A layer's plan before its block is known. */
type Draft = Omit<SsnLayerPlan, 'start' | 'end'>;

function upsampleWindow(config: SsnConfig): number {
  return config.upsampler === 'wavg' ? 2 : 9 * config.upsampleWindow;
}

/** How a layer too big for the store is resized, with its template shape and upsampler size. */
function resizeLayer(
  layer: LayerSpec,
  store: number,
  group: number,
  config: SsnConfig,
): Pick<Draft, 'resize' | 'templateShape' | 'copies' | 'upsamplerParams'> {
  const shape = weightShape(layer);
  const size = weightCount(layer);
  const where = `layer ${layer.id} '${layer.name}' [${shape.join(', ')}] (${size} weights) in group ${group}`;
  const upsampler = config.upsampler;
  if (upsampler === 'none') {
    throw new BudgetError(
      `${where} is larger than the group's store of ${store} and upsampler 'none' cannot resize ` +
        `it; choose upsampler inter, repeat, mask or wavg, or a budget giving the store ≥ ${size}`,
    );
  }
  if (upsampler === 'inter') {
    const search = interTemplateShape(shape, store, 1);
    if (!search.ok) {
      throw new BudgetError(
        `budget too small for Inter: ${where} cannot be warped from the group's store of ${store} ` +
          `(the scale p reaches ${search.scale.toFixed(2)}); the store needs at least ` +
          `${Number.isFinite(search.smallest) ? search.smallest : size} parameters`,
      );
    }
    return { resize: 'inter', templateShape: search.shape, copies: 0, upsamplerParams: 0 };
  }
  const window = upsampleWindow(config);
  const usable = store - (store % window);
  if (usable <= 0) {
    throw new BudgetError(
      `${where}: the group's store of ${store} is smaller than one upsampling window of ${window}; ` +
        `raise the budget`,
    );
  }
  // Reference m = ceil(size/P) − 1; where dropping the tail leaves too few numbers the
  // reference crashes, so m grows to cover the layer (documented deviation).
  let copies = Math.ceil(size / store) - 1;
  if ((copies + 1) * usable < size) copies = Math.ceil(size / usable) - 1;
  const upsamplerParams =
    upsampler === 'mask' ? window * copies : upsampler === 'wavg' ? 4 * (copies + 1) : 0;
  return { resize: upsampler, templateShape: [store], copies, upsamplerParams };
}

function draftLayer(layer: LayerSpec, store: number, group: number, config: SsnConfig): Draft {
  const shape = weightShape(layer);
  const size = weightCount(layer);
  const templates = Math.min(Math.max(1, Math.floor(store / size)), config.maxTemplates);
  const resized =
    templates * size > store
      ? resizeLayer(layer, store, group, config)
      : { resize: 'none' as SsnResize, templateShape: shape, copies: 0, upsamplerParams: 0 };
  const coefficientParams =
    templates < 2 || config.combiner === 'avg'
      ? 0
      : config.combiner === 'wavg'
        ? templates
        : EMB_SIZE;
  return {
    id: layer.id,
    name: layer.name,
    kind: layer.kind,
    shape,
    size,
    group,
    single: false,
    templates,
    ...resized,
    coefficientParams,
    coefficientRow: -1,
    weightParams: 0,
    biasParams: 0,
  };
}

/** Block length lp: K templates of the stored shape (the layer shape unless Inter-warped). */
function blockLength(draft: Draft): number {
  return draft.templates * prod(draft.resize === 'inter' ? draft.templateShape : draft.shape);
}

/** Numbers the coefficient rows per K in bank order (one orthogonal matrix per distinct K ≥ 2). */
function numberRows(drafts: Draft[], combiner: SsnConfig['combiner']) {
  const counts: number[] = [];
  const rows: number[] = [];
  for (const draft of drafts) {
    if (draft.templates < 2 || combiner === 'avg') continue;
    let index = counts.indexOf(draft.templates);
    if (index < 0) {
      index = counts.push(draft.templates) - 1;
      rows.push(0);
    }
    draft.coefficientRow = rows[index]++;
  }
  return { templateCounts: counts, rowsPerCount: rows };
}

/** With init 'fanIn': the region each resized layer reads, drawn at that layer's fan-in. */
function resizedBlocks(plans: SsnLayerPlan[], store: number): SsnInitBlock[] {
  return plans
    .filter((p) => p.resize !== 'none')
    .map((p) => {
      const fanIn = p.size / p.shape[0];
      // Inter reads K templates of the warped shape; the other upsamplers read the whole store.
      return p.resize === 'inter'
        ? { start: p.start, templates: p.templates, shape: p.templateShape, fanIn }
        : { start: 0, templates: 1, shape: [store], fanIn };
    });
}

/** Store-initialisation writes: least common shape first, most common last (last write wins). */
function initBlocks(plans: SsnLayerPlan[], store: number, init: SsnConfig['init']): SsnInitBlock[] {
  const keys = plans.map((p) => p.shape.join(' '));
  const writes: SsnInitBlock[] = [];
  for (const key of shapesByCount(keys).reverse()) {
    for (const plan of plans) {
      if (plan.shape.join(' ') !== key || plan.templates * plan.size > store) continue;
      writes.push({ start: plan.start, templates: plan.templates, shape: plan.shape });
    }
  }
  // Last, so the layers whose scale nothing else restores (resized ones) keep their own.
  return init === 'fanIn' ? [...writes, ...resizedBlocks(plans, store)] : writes;
}

/** Plans one multi-layer group with store size `store`; `layers` in bank order. */
export function planBank(
  group: number,
  layers: LayerSpec[],
  store: number,
  slide: boolean,
  config: SsnConfig,
): { group: SsnGroupPlan; layers: SsnLayerPlan[] } {
  const drafts = layers.map((layer) => draftLayer(layer, store, group, config));
  const rows = numberRows(drafts, config.combiner);
  const blocks = assignBlocks(
    drafts.map((d) => ({
      shapeKey: d.shape.join(' '),
      templates: d.templates,
      length: blockLength(d),
    })),
    store,
    slide,
  );
  const plans = drafts.map((d, i) => ({ ...d, start: blocks[i].start, end: blocks[i].end }));
  const projectionParams =
    config.combiner === 'emb'
      ? rows.templateCounts.reduce((sum, k) => sum + (EMB_SIZE + 1) * k, 0)
      : 0;
  return {
    group: {
      id: group,
      layers: layers.map((l) => l.id),
      single: false,
      store,
      slide,
      ...rows,
      projectionParams,
      initBlocks: initBlocks(plans, store, config.init),
    },
    layers: plans,
  };
}
