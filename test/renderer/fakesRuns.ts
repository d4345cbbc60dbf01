// A fake of the AppApi methods the runs, compare and sharing screens call: an in-memory run list
// with the server's filter, sort and paging, and a log of every call for assertions.
import type {
  EpochMetricsWire,
  RunDetailsWire,
  RunListQueryWire,
  RunListPageWire,
  MethodWire,
  RunRowWire,
  RunsClient,
  RunStatusWire,
  SharingReport,
  StepMetricsWire,
} from '../../src-renderer/features/runs/runsClient';

const METHODS: MethodWire[] = ['unshared', 'ssn', 'superweights'];
const STATUSES: RunStatusWire[] = ['completed', 'completed', 'failed', 'stopped'];

/** A run row with plausible values; `i` makes it unique and deterministic. */
export function makeRunRow(i: number, patch: Partial<RunRowWire> = {}): RunRowWire {
  const method = METHODS[i % 3];
  const budget = 10_000 + ((i * 7919) % 90_000);
  return {
    id: `run-${String(i).padStart(5, '0')}`,
    name: `cnn ${method} #${i}`,
    status: STATUSES[i % STATUSES.length],
    method,
    arch: 'cnn',
    dataset: 'sample',
    budgetRequested: null,
    budgetParams: budget,
    trainableParams: budget + 100,
    unsharedParams: 100_000,
    configSchemaVersion: 1,
    seed: i,
    createdAt: Date.UTC(2026, 0, 1) + i * 60_000,
    startedAt: null,
    finishedAt: null,
    updatedAt: Date.UTC(2026, 0, 1) + i * 60_000,
    error: null,
    bestValTop1: 0.5 + ((i * 37) % 40) / 100,
    bestTestTop1: 0.5 + ((i * 31) % 40) / 100,
    lastValTop1: null,
    lastTestTop1: null,
    lastLoss: 0.5,
    imagesPerSecond: 900,
    durationSeconds: 120,
    epochsDone: 3,
    phase: null,
    note: '',
    archived: 0,
    tags: [],
    configFields: {
      arch: 'cnn',
      method,
      seed: i,
      'training.lr': 0.1,
      'training.batchSize': 64,
      'training.epochs': 3,
    },
    ...patch,
  };
}

export interface FakeRunsApi extends RunsClient {
  rows: RunRowWire[];
  calls: { method: string; args: unknown[] }[];
  listQueries: RunListQueryWire[];
  details: Map<string, RunDetailsWire>;
  sharing: Map<string, SharingReport>;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

function applyQuery(rows: RunRowWire[], query: RunListQueryWire): RunListPageWire {
  const f = query.filter ?? {};
  let out = rows.filter(
    (r) =>
      (!f.status || f.status.includes(r.status)) &&
      (!f.method || f.method.includes(r.method)) &&
      (f.tag === undefined || r.tags.includes(f.tag)) &&
      (f.budgetMin === undefined || (r.budgetParams ?? -1) >= f.budgetMin) &&
      (f.budgetMax === undefined || (r.budgetParams ?? Infinity) <= f.budgetMax) &&
      (f.archived === undefined || Boolean(r.archived) === f.archived) &&
      (!f.text || r.name.toLowerCase().includes(f.text.toLowerCase()) || r.id === f.text),
  );
  if (query.sort) {
    const { column, direction } = query.sort;
    const sign = direction === 'asc' ? 1 : -1;
    out = [...out].sort((a, b) => sign * compareValues(a[column], b[column]));
  }
  const { limit, offset } = query.page ?? { limit: 50, offset: 0 };
  return { rows: out.slice(offset, offset + limit), total: out.length };
}

/** Epoch rows rising towards `top`. */
export function makeEpochs(count: number, top: number): EpochMetricsWire[] {
  return Array.from({ length: count }, (_, epoch) => {
    const acc = top * (1 - Math.exp(-(epoch + 1) / 2));
    return {
      runId: 'run',
      phase: 'main',
      epoch,
      lr: 0.1,
      seconds: 1,
      imagesPerSecond: 1000,
      valTop5: null,
      testTop5: null,
      trainLoss: 2 / (epoch + 1),
      trainAccuracy: acc,
      valLoss: 1 - acc,
      valTop1: acc,
      testLoss: 1 - acc,
      testTop1: acc - 0.01,
    };
  });
}

/** Main-phase step rows: `stepsPerEpoch` per epoch, the loss falling, at 100 images/s. */
export function makeSteps(epochs: number, stepsPerEpoch: number): StepMetricsWire[] {
  return Array.from({ length: epochs * stepsPerEpoch }, (_, i) => ({
    runId: 'run',
    phase: 'main',
    epoch: Math.floor(i / stepsPerEpoch),
    step: i % stepsPerEpoch,
    loss: 2 / (i + 1) + 0.1,
    accuracy: Math.min(1, i / (epochs * stepsPerEpoch)),
    lr: 0.1,
    imagesPerSecond: 100,
  }));
}

/**
 * getRun's answer for a row: its config, `epochs` epochs of metrics (and `stepsPerEpoch` step
 * rows per epoch, none unless asked for), no files or groups.
 */
export function makeDetails(
  row: RunRowWire,
  options: { config?: Record<string, unknown>; epochs?: number; stepsPerEpoch?: number } = {},
): RunDetailsWire {
  const { tags, archived, ...run } = row;
  return {
    run: {
      ...run,
      archived: Boolean(archived),
      environment: {},
      config: options.config ?? { arch: run.arch, method: run.method, seed: run.seed },
    },
    tags,
    files: [],
    groups: [],
    metrics: {
      epochs: makeEpochs(options.epochs ?? 3, run.bestValTop1 ?? 0.5),
      steps: makeSteps(options.epochs ?? 3, options.stepsPerEpoch ?? 0),
    },
  };
}

/** A fake API over `count` generated runs (or the given rows). */
export function createFakeRunsApi(
  count: number,
  options: { rows?: RunRowWire[]; delayMs?: number } = {},
): FakeRunsApi {
  const rows = options.rows ?? Array.from({ length: count }, (_, i) => makeRunRow(i));
  const calls: FakeRunsApi['calls'] = [];
  const listQueries: RunListQueryWire[] = [];
  const details = new Map<string, RunDetailsWire>();
  const sharing = new Map<string, SharingReport>();
  const wait = () =>
    options.delayMs ? new Promise((r) => setTimeout(r, options.delayMs)) : Promise.resolve();
  const find = (id: string) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new Error(`no run '${id}'`);
    return row;
  };
  const record = (method: string, args: unknown[]) => calls.push({ method, args });
  return {
    rows,
    calls,
    listQueries,
    details,
    sharing,
    async listRuns(query) {
      record('listRuns', [query]);
      listQueries.push(structuredClone(query ?? {}));
      await wait();
      return structuredClone(applyQuery(rows, query ?? {}));
    },
    async getRun(id) {
      record('getRun', [id]);
      await wait();
      const known = details.get(id);
      if (known) return known;
      return makeDetails(find(id));
    },
    async getSharing(id) {
      record('getSharing', [id]);
      const known = sharing.get(id);
      if (!known) throw new Error(`no sharing for '${id}'`);
      return known;
    },
    async tagRun(id, tags) {
      record('tagRun', [id, tags]);
      const row = find(id);
      row.tags = [...new Set([...row.tags, ...tags])];
      return row.tags;
    },
    async untagRun(id, tags) {
      record('untagRun', [id, tags]);
      const row = find(id);
      row.tags = row.tags.filter((t) => !tags.includes(t));
      return row.tags;
    },
    async setRunNote(id, markdown) {
      record('setRunNote', [id, markdown]);
      find(id).note = markdown;
    },
    async archiveRun(id) {
      record('archiveRun', [id]);
      find(id).archived = 1;
    },
    async unarchiveRun(id) {
      record('unarchiveRun', [id]);
      find(id).archived = 0;
    },
    async deleteRun(id) {
      record('deleteRun', [id]);
      rows.splice(rows.indexOf(find(id)), 1);
      return { id, deleted: [], leftovers: [] };
    },
    async exportRunsCsv(query) {
      record('exportRunsCsv', [query]);
      return { fileName: 'runs.csv', mimeType: 'text/csv', content: 'id,name\r\n' };
    },
    async exportMetricsCsv(id, options) {
      record('exportMetricsCsv', options ? [id, options] : [id]);
      find(id);
      return { fileName: `${id}-epochs.csv`, mimeType: 'text/csv', content: 'phase,epoch\r\n' };
    },
    async exportRunJson(id, options) {
      record('exportRunJson', options ? [id, options] : [id]);
      find(id);
      const part = options?.part ?? 'run';
      return {
        fileName: `${id}-${part}.json`,
        mimeType: 'application/json',
        content: JSON.stringify({ part }),
      };
    },
  };
}

/** Resolves after pending promises and timers of 0 ms have run. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}
