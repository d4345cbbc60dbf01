// The Design screen's state: a preset (WRN-d-k with depth and width, ResNet, MLP, CNN) or a
// user-edited layer list, the input shape and class count, and the server's description of it
// (per-layer shapes and parameters, the total, or the error naming the bad layer), refreshed as
// the user edits.
import { createContext } from 'svelte';
import type {
  ArchitecturePresetWire,
  DesignLayerType,
  DesignLayerWire,
  DesignReport,
  DesignRequest,
} from '../../../src-main/contract/appApi';
import type { AppClient } from '../../lib/api';
import { assignDraft, draftOf } from '../../lib/state/draftFields';
import { createRequestSequencer, type RequestSequencer } from '../../lib/state/requestSequencer';
import type { ToastState } from '../../lib/state/toasts.svelte';

/** A layer as first added: sensible sizes for a 28×28 input. */
export function defaultLayer(type: DesignLayerType): DesignLayerWire {
  switch (type) {
    case 'conv':
      return { type: 'conv', filters: 16, kernel: 3, stride: 1 };
    case 'dense':
      return { type: 'dense', units: 64 };
    case 'maxPool':
    case 'avgPool':
      return { type, size: 2 };
    case 'globalAvgPool':
      return { type: 'globalAvgPool' };
    case 'flatten':
      return { type: 'flatten' };
  }
}

/** The layer list a new custom design starts from: a small CNN. */
export function starterLayers(): DesignLayerWire[] {
  return [
    { type: 'conv', filters: 16, kernel: 3 },
    { type: 'maxPool', size: 2 },
    { type: 'conv', filters: 32, kernel: 3 },
    { type: 'maxPool', size: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 64 },
  ];
}

/** Parses 'HxWxC' into numbers, or null when malformed. */
export function parseInput(
  text: string,
): { height: number; width: number; channels: number } | null {
  const match = /^(\d+)x(\d+)x(\d+)$/.exec(text.trim());
  if (!match) return null;
  return { height: Number(match[1]), width: Number(match[2]), channels: Number(match[3]) };
}

export type DesignMode = 'preset' | 'custom';

/** Number fields of a design layer that must hold a number when present. */
const NUMBER_FIELDS = ['filters', 'kernel', 'stride', 'units', 'size'] as const;

/** The Design screen's fields kept in a draft (besides the layer list). */
const DESIGN_DRAFT_KEYS = [
  'mode',
  'preset',
  'wrnDepth',
  'wrnWidth',
  'name',
  'height',
  'width',
  'channels',
  'classes',
] as const;

export class DesignState {
  readonly #api: AppClient;
  readonly #toasts: ToastState | null;
  #presets = $state.raw<ArchitecturePresetWire[]>([]);
  #report = $state.raw<DesignReport | null>(null);
  #busy = $state(false);

  mode = $state<DesignMode>('preset');
  /** Preset family or name: 'wrn' (uses depth and width), 'resnet-20', 'mlp', 'cnn', ... */
  preset = $state('cnn');
  wrnDepth = $state(16);
  wrnWidth = $state(4);
  layers = $state<DesignLayerWire[]>(starterLayers());
  /** A stable key per layer (the wire layers carry none), kept parallel to `layers`. */
  layerKeys = $state<number[]>(starterLayers().map((_, i) => i));
  #nextKey = 1000;
  name = $state('my-design');
  height = $state(28);
  width = $state(28);
  channels = $state(1);
  classes = $state(10);

  /** The architecture id a run config takes: a preset name or 'design'. */
  readonly arch = $derived(
    this.mode === 'custom'
      ? 'design'
      : this.preset === 'wrn'
        ? `wrn-${this.wrnDepth}-${this.wrnWidth}`
        : this.preset,
  );
  readonly input = $derived(`${this.height}x${this.width}x${this.channels}`);
  /** What describeDesign (and a run config) is sent. */
  readonly request = $derived.by((): DesignRequest => {
    const base = { arch: this.arch, input: this.input, classes: this.classes };
    return this.mode === 'custom'
      ? { ...base, design: { name: this.name, layers: $state.snapshot(this.layers) } }
      : base;
  });
  /**
   * A layer field left empty or not a number, said in plain words and checked here: sent as is,
   * it came back as "describeDesign failed: invalid arguments: 0.design.layers.0.filters: ...".
   */
  readonly inputError = $derived.by((): { layerIndex: number; message: string } | null => {
    if (this.mode !== 'custom') return null;
    for (const [i, layer] of this.layers.entries()) {
      for (const field of NUMBER_FIELDS) {
        if (!(field in layer)) continue;
        const value = (layer as Record<string, unknown>)[field];
        if (value === undefined) continue;
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          return {
            layerIndex: i,
            message: `layer ${i} (${layer.type}): ${field} is empty; enter a whole number of 1 or more`,
          };
        }
      }
    }
    return null;
  });
  readonly totalParams = $derived(
    !this.inputError && this.#report?.valid ? this.#report.totalParams : null,
  );
  readonly error = $derived(
    this.inputError?.message ?? (this.#report && !this.#report.valid ? this.#report.message : null),
  );
  readonly errorLayer = $derived(
    this.inputError?.layerIndex ??
      (this.#report && !this.#report.valid ? this.#report.layerIndex : null),
  );

  readonly #describe: RequestSequencer<DesignRequest>;

  constructor(
    api: AppClient,
    toasts: ToastState | null = null,
    options: { delayMs?: number } = {},
  ) {
    this.#api = api;
    this.#toasts = toasts;
    this.#describe = createRequestSequencer<DesignRequest, DesignReport>(
      {
        request: (req) => this.#api.describeDesign(req),
        onResult: (report) => (this.#report = report),
        onError: (error) => this.#toasts?.error(error, 'describeDesign'),
        onBusy: (busy) => (this.#busy = busy),
      },
      options.delayMs ?? 50,
    );
  }

  get presets(): readonly ArchitecturePresetWire[] {
    return this.#presets;
  }
  get report(): DesignReport | null {
    return this.#report;
  }
  get busy(): boolean {
    return this.#busy;
  }

  /** What the Design screen shows, as a draft kept across reloads (screenDrafts.svelte.ts). */
  toDraft = (): Record<string, unknown> => draftOf(this, [...DESIGN_DRAFT_KEYS, 'layers']);

  /** Shows a stored draft (fields of the wrong kind are ignored). */
  fromDraft = (draft: Record<string, unknown>): void => {
    assignDraft(this, draft, DESIGN_DRAFT_KEYS);
    if (Array.isArray(draft.layers))
      this.editLayers(structuredClone(draft.layers) as DesignLayerWire[]);
    if (draft.mode === 'preset' || draft.mode === 'custom') this.mode = draft.mode;
  };

  /** Loads the preset list. */
  load = async (): Promise<void> => {
    try {
      this.#presets = await this.#api.listArchitecturePresets();
    } catch (error) {
      this.#toasts?.error(error, 'listArchitecturePresets');
    }
  };

  /**
   * Re-describes the design whenever the request changes (debounced, stale answers dropped).
   * Call from a component's setup or inside $effect.root.
   */
  track = (): void => {
    $effect(() => {
      // A field left empty is said in place; the server is asked once the layer is complete.
      if (this.inputError) return this.#describe.cancel();
      this.#describe.schedule(this.request);
    });
    $effect(() => () => this.#describe.cancel());
  };

  choosePreset = (preset: string): void => {
    this.mode = 'preset';
    this.preset = preset;
  };

  addLayer = (type: DesignLayerType, at = this.layers.length): void => {
    this.layers.splice(at, 0, defaultLayer(type));
    this.layerKeys.splice(at, 0, this.#nextKey++);
  };

  removeLayer = (index: number): void => {
    this.layers.splice(index, 1);
    this.layerKeys.splice(index, 1);
  };

  /** Moves a layer up (-1) or down (+1); no-op at the ends. */
  moveLayer = (index: number, delta: -1 | 1): void => {
    const to = index + delta;
    if (to < 0 || to >= this.layers.length) return;
    const [layer] = this.layers.splice(index, 1);
    this.layers.splice(to, 0, layer);
    const [key] = this.layerKeys.splice(index, 1);
    this.layerKeys.splice(to, 0, key);
  };

  /** Replaces fields of one layer (a changed type resets it to that type's defaults). */
  updateLayer = (index: number, patch: Partial<Record<string, unknown>>): void => {
    const current = this.layers[index];
    if (patch.type && patch.type !== current.type) {
      this.layers[index] = defaultLayer(patch.type as DesignLayerType);
      return;
    }
    this.layers[index] = { ...current, ...patch } as DesignLayerWire;
  };

  /** Sets input shape and classes, e.g. from the chosen dataset. */
  setShape = (shape: {
    height: number;
    width: number;
    channels: number;
    classes: number;
  }): void => {
    this.height = shape.height;
    this.width = shape.width;
    this.channels = shape.channels;
    this.classes = shape.classes;
  };

  /** Switches to a custom design starting from the given (or starter) layers. */
  editLayers = (layers: DesignLayerWire[] = starterLayers()): void => {
    this.mode = 'custom';
    this.layers = layers;
    this.layerKeys = layers.map(() => this.#nextKey++);
  };
}

export const [getDesign, setDesign] = createContext<DesignState>();
