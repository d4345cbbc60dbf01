// A fake AppClient for renderer tests: every AppApi method answers with small canned data (or an
// override), calls are recorded, and `emit` pushes an event to subscribers as the main process
// would.
import type {
  AppApi,
  AppClient,
  AppEventListener,
  AppEventMap,
  AppEventName,
  DesignReport,
  DesignRequest,
  DesignRowWire,
  InspectReportWire,
  RunConfigInput,
} from '../../src-main/contract/appApi';

export interface FakeApi {
  api: AppClient;
  /** Pushes an event to every subscriber of `name`. */
  emit<K extends AppEventName>(name: K, payload: AppEventMap[K]): void;
  /** Arguments of every call, by method. */
  calls: Partial<Record<keyof AppApi, unknown[][]>>;
  /** Subscriber count of an event (to check unsubscribing). */
  listeners(name: AppEventName): number;
}

/** A CNN-ish design report for any request: one conv row and the classifier. */
export function fakeDesignReport(): DesignReport {
  return {
    valid: true,
    arch: 'cnn',
    family: 'cnn',
    input: '28x28x1',
    classes: 10,
    rows: [
      {
        index: 0,
        name: 'layer0.conv',
        type: 'conv',
        weightShape: [16, 1, 3, 3],
        outputShape: [28, 28, 16],
        params: 176,
      },
      {
        index: null,
        name: 'classifier',
        type: 'classifier',
        weightShape: [10, 12544],
        outputShape: [10],
        params: 125450,
      },
    ],
    totalParams: 125626,
    macs: 1_000_000,
  };
}

/**
 * Describes a custom design the way the engine does for conv (same padding, batch norm), dense,
 * pools and flatten, so editor tests see real numbers; a non-positive size is the engine's error.
 */
export function fakeDescribe(request: DesignRequest): DesignReport {
  if (request.arch !== 'design' || !request.design) return fakeDesignReport();
  let [h, w, c] = (request.input ?? '28x28x1').split('x').map(Number);
  let features: number | null = null;
  const rows: DesignRowWire[] = [];
  for (const [i, layer] of request.design.layers.entries()) {
    const size = layer.type === 'conv' ? layer.filters : layer.type === 'dense' ? layer.units : 1;
    if (!Number.isInteger(size) || size < 1) {
      const field = layer.type === 'conv' ? 'filters' : 'units';
      return {
        valid: false,
        message: `design layer ${i} (${layer.type}): ${field} ${size} is invalid: use a positive integer`,
        layerIndex: i,
        kind: 'architecture',
      };
    }
    if (layer.type === 'conv') {
      const params = layer.filters * c * layer.kernel * layer.kernel + 2 * layer.filters;
      c = layer.filters;
      rows.push({
        index: i,
        name: `layer${i}.conv`,
        type: 'conv',
        weightShape: [layer.filters, c, layer.kernel, layer.kernel],
        outputShape: [h, w, c],
        params,
      });
    } else if (layer.type === 'maxPool' || layer.type === 'avgPool') {
      h = Math.floor(h / layer.size);
      w = Math.floor(w / layer.size);
      rows.push({
        index: i,
        name: `layer${i}.pool`,
        type: layer.type,
        weightShape: null,
        outputShape: [h, w, c],
        params: 0,
      });
    } else if (layer.type === 'flatten') {
      features = h * w * c;
      rows.push({
        index: i,
        name: `layer${i}.flatten`,
        type: 'flatten',
        weightShape: null,
        outputShape: [features],
        params: 0,
      });
    } else if (layer.type === 'dense') {
      const inputs = features ?? h * w * c;
      features = layer.units;
      rows.push({
        index: i,
        name: `layer${i}.dense`,
        type: 'dense',
        weightShape: [layer.units, inputs],
        outputShape: [layer.units],
        params: layer.units * inputs + layer.units,
      });
    }
  }
  const classes = request.classes ?? 10;
  const inputs = features ?? h * w * c;
  rows.push({
    index: null,
    name: 'classifier',
    type: 'classifier',
    weightShape: [classes, inputs],
    outputShape: [classes],
    params: classes * inputs + classes,
  });
  return {
    valid: true,
    arch: 'design',
    family: 'design',
    input: request.input ?? '28x28x1',
    classes,
    rows,
    totalParams: rows.reduce((sum, r) => sum + r.params, 0),
    macs: 0,
  };
}

/** An inspect report whose budget is the config's budget (parameters or %), 10,000 unshared. */
export function fakeInspect(config: RunConfigInput): InspectReportWire {
  const unshared = 10_000;
  const b = config.budget;
  const method = config.method ?? 'unshared';
  // Both layers in group (cluster) 0, whose store (bank 0) holds the whole budget.
  const layers = [
    { id: 0, name: 'conv1', shape: [16, 1, 3, 3], params: 144 },
    { id: 1, name: 'fc', shape: [10, 64], params: 9856 },
  ].map((l) => ({ ...l, group: 0 }));
  const budget =
    typeof b === 'number'
      ? b
      : typeof b === 'string'
        ? Math.round((parseFloat(b) / 100) * unshared)
        : unshared;
  return {
    arch: String(config.arch ?? 'cnn'),
    input: '28x28x1',
    classes: 10,
    unsharedParams: unshared,
    budgetParams: budget,
    trainableParams: budget + 100,
    regime: budget < unshared ? 'low' : budget > unshared ? 'high' : 'equal',
    accounting: {
      method,
      unsharedParams: unshared,
      requestedBudget: budget,
      budgetParams: budget,
      trainableParams: budget + 100,
      layers,
      groups: [{ id: 0, layers: [0, 1], storeParams: budget }],
    },
    // What the engine's describeSharing makes of those lines.
    sharing: {
      method,
      unitKind: method === 'ssn' ? 'group' : method === 'superweights' ? 'bank' : null,
      units:
        method === 'unshared'
          ? []
          : [
              {
                id: 0,
                label: method === 'ssn' ? 'group 0' : 'bank 0 (cluster 0, width level 0)',
                cluster: method === 'ssn' ? null : 0,
                level: method === 'ssn' ? null : 0,
                layers: [0, 1],
                params: budget,
                layerParams: 10_000,
                templates: 2,
              },
            ],
      layers: layers.map(({ group: _group, ...l }) => ({
        ...l,
        units: method === 'unshared' ? [] : [0],
        cluster: method === 'unshared' ? null : 0,
        templates: method === 'unshared' ? null : 2,
      })),
      unitParams: method === 'unshared' ? 0 : budget,
    },
  };
}

const defaults: AppApi = {
  getBackendReport: async () => ({ chosen: 'cpu', why: 'cpu: always available', probes: [] }),
  getVersions: async () => ({ app: '0.0.0-test' }),
  getSettings: async () => ({
    dataDir: '/data',
    backend: 'auto',
    webgpuAdapter: '',
    theme: 'light',
    defaultDataDir: '/data',
    settingsFile: '/data/settings.json',
    dataDirError: null,
  }),
  updateSettings: async (patch) => ({
    dataDir: '/data',
    backend: 'auto',
    webgpuAdapter: '',
    theme: 'light',
    ...patch,
    defaultDataDir: '/data',
    settingsFile: '/data/settings.json',
    dataDirError: null,
  }),
  listArchitecturePresets: async () => [
    { name: 'cnn', description: 'small CNN', defaultInput: null },
    { name: 'mlp', description: 'MLP', defaultInput: null },
    { name: 'wrn-16-4', description: 'Wide ResNet', defaultInput: '32x32x3' },
    { name: 'resnet-20', description: 'ResNet-20', defaultInput: '32x32x3' },
  ],
  listRunPresets: async () => [],
  describeDesign: async (request) => fakeDescribe(request),
  inspect: async (config) => fakeInspect(config),
  listDatasets: async () => [
    {
      id: 'sample',
      name: 'Fashion-MNIST sample',
      path: 'sample',
      format: 'idx',
      builtin: true,
      trainCount: 2000,
      testCount: 500,
      height: 28,
      width: 28,
      channels: 1,
      classes: 10,
      classNames: ['T-shirt', 'Trouser'],
      importedAt: null,
      notes: [],
    },
  ],
  importDataset: async () => {
    throw new Error('importDataset: not faked');
  },
  previewDataset: async (id) => ({
    dataset: (await defaults.listDatasets()).find((d) => d.id === id)!,
    preview: { images: [], classCounts: [200, 200] },
  }),
  startRun: async () => 'RUN1',
  startSweep: async () => ['RUN1', 'RUN2'],
  stopRun: async () => 'stopping',
  resumeRun: async () => undefined,
  cancelRun: async () => undefined,
  listQueue: async () => [],
  listSweeps: async () => [],
  getSweep: async (id) => {
    throw new Error(`getSweep ${id}: not faked`);
  },
  submitSweep: async () => {
    throw new Error('submitSweep: not faked');
  },
  previewSweep: async () => {
    throw new Error('previewSweep: not faked');
  },
  cancelSweepCells: async (id) => {
    throw new Error(`cancelSweepCells ${id}: not faked`);
  },
  resubmitSweepCells: async (id) => {
    throw new Error(`resubmitSweepCells ${id}: not faked`);
  },
  listRuns: async () => ({ rows: [], total: 0 }),
  listTags: async () => [],
  getRun: async () => {
    throw new Error('getRun: not faked');
  },
  getSharing: async () => {
    throw new Error('getSharing: not faked');
  },
  tagRun: async (_id, tags) => tags,
  untagRun: async () => [],
  setRunNote: async () => undefined,
  renameRun: async () => undefined,
  archiveRun: async () => undefined,
  unarchiveRun: async () => undefined,
  deleteRun: async (id) => ({ id, deleted: [], leftovers: [] }),
  exportRunsCsv: async () => ({ fileName: 'runs.csv', mimeType: 'text/csv', content: '' }),
  exportRunJson: async () => ({
    fileName: 'run.json',
    mimeType: 'application/json',
    content: '{}',
  }),
  exportMetricsCsv: async () => ({ fileName: 'metrics.csv', mimeType: 'text/csv', content: '' }),
  exportModel: async (id, request) => ({
    format: request.format,
    path: `/data/runs/${id}/exports/${id}.${request.format}`,
    files: [`${id}.${request.format}`],
    bytes: 0,
    compactBytes: 0,
    materialisedParams: 0,
    compactParams: 0,
    members: [0],
  }),
  evaluateRun: async () => ({
    dataset: 'sample (test)',
    count: 0,
    loss: 0,
    top1: 0,
    top5: 0,
    notes: [],
  }),
};

/** Creates a fake client; `overrides` replace single methods. */
export function createFakeApi(overrides: Partial<AppApi> = {}): FakeApi {
  const listeners = new Map<AppEventName, Set<(payload: never) => void>>();
  const calls: FakeApi['calls'] = {};
  const methods = { ...defaults, ...overrides };
  const api = {} as Record<string, unknown>;
  for (const [name, impl] of Object.entries(methods)) {
    api[name] = (...args: unknown[]) => {
      (calls[name as keyof AppApi] ??= []).push(args);
      return (impl as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  api.on = <K extends AppEventName>(name: K, listener: AppEventListener<K>) => {
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  };
  return {
    api: api as unknown as AppClient,
    calls,
    emit(name, payload) {
      for (const l of listeners.get(name) ?? []) (l as AppEventListener<typeof name>)(payload);
    },
    listeners: (name) => listeners.get(name)?.size ?? 0,
  };
}

/** Lets pending promises and timers up to `ms` settle. */
export function settle(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
