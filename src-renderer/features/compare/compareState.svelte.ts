// State of the Compare screen: the compared runs' details with their step rows (loaded once
// each, in the selection's order), the curve metrics and how curves are drawn (x-axis, EMA
// smoothing, log y), and everything derived from them: step and epoch curves on one x-axis, the
// config diff, accuracy-vs-budget points with each method's frontier, and the scatter's scope.
import { SvelteMap } from 'svelte/reactivity';
import { diffConfigs } from './configDiff';
import type { XAxis } from './curveAxis';
import { curveData, type CurveMetric, type StepMetric } from './curves';
import { frontiersByMethod, type BudgetPoint } from './frontier';
import type { RunDetailsWire, RunsClient } from '../runs/runsClient';
import { uniqueIds } from '../../lib/state/selection';

/** How many runs the "all runs" scatter reads at most. */
export const SCATTER_LIMIT = 5000;

export class CompareState {
  readonly #api: Pick<RunsClient, 'getRun' | 'listRuns'>;
  #ids = $state.raw<readonly string[]>([]);
  #metric = $state<CurveMetric>('valTop1');
  #stepMetric = $state<StepMetric>('loss');
  #axis = $state<XAxis>('epoch');
  #smoothing = $state(0);
  #logY = $state(false);
  #scope = $state<'selected' | 'all'>('selected');
  #allPoints = $state.raw<BudgetPoint[] | null>(null);
  readonly #details = new SvelteMap<string, RunDetailsWire>();
  readonly #errors = new SvelteMap<string, string>();
  #loadingAll: Promise<void> | null = null;

  constructor(api: Pick<RunsClient, 'getRun' | 'listRuns'>) {
    this.#api = api;
  }

  get ids(): readonly string[] {
    return this.#ids;
  }
  get metric(): CurveMetric {
    return this.#metric;
  }
  set metric(metric: CurveMetric) {
    this.#metric = metric;
  }
  get stepMetric(): StepMetric {
    return this.#stepMetric;
  }
  set stepMetric(metric: StepMetric) {
    this.#stepMetric = metric;
  }
  get axis(): XAxis {
    return this.#axis;
  }
  set axis(axis: XAxis) {
    this.#axis = axis;
  }
  /** EMA weight in [0, 0.99]; 0 draws the recorded values. */
  get smoothing(): number {
    return this.#smoothing;
  }
  set smoothing(weight: number) {
    this.#smoothing = Number.isFinite(weight) ? Math.min(0.99, Math.max(0, weight)) : 0;
  }
  get logY(): boolean {
    return this.#logY;
  }
  set logY(on: boolean) {
    this.#logY = on;
  }
  get scope(): 'selected' | 'all' {
    return this.#scope;
  }
  /** Per run id, why it could not be loaded. */
  get errors(): ReadonlyMap<string, string> {
    return this.#errors;
  }

  /** Loaded runs, in the compare order. */
  readonly runs = $derived(
    this.#ids.map((id) => this.#details.get(id)).filter((d): d is RunDetailsWire => !!d),
  );
  readonly loading = $derived(
    this.#ids.some((id) => !this.#details.has(id) && !this.#errors.has(id)),
  );
  readonly #timelines = $derived(
    this.runs.map((d) => ({
      epochs: d.metrics.epochs,
      steps: d.metrics.steps,
      batchSize: batchSizeOf(d.run.config),
    })),
  );
  readonly #view = $derived({ axis: this.#axis, smoothing: this.#smoothing, logY: this.#logY });
  /** The per-epoch metric of every run on the chosen x-axis. */
  readonly curves = $derived(curveData(this.#timelines, { epoch: this.#metric }, this.#view));
  /** The per-step metric of every run on the chosen x-axis. */
  readonly stepCurves = $derived(
    curveData(this.#timelines, { step: this.#stepMetric }, this.#view),
  );
  readonly configDiff = $derived(diffConfigs(this.runs.map((d) => d.run.config)));
  readonly points = $derived.by((): BudgetPoint[] => {
    if (this.#scope === 'all' && this.#allPoints) return this.#allPoints;
    return this.runs.flatMap((d) =>
      d.run.budgetParams !== null && d.run.bestTestTop1 !== null
        ? [
            {
              id: d.run.id,
              method: d.run.method,
              budget: d.run.budgetParams,
              accuracy: d.run.bestTestTop1,
            },
          ]
        : [],
    );
  });
  readonly frontiers = $derived(frontiersByMethod(this.points));

  /** Compares `ids` (in this order), loading the details of runs not loaded yet. */
  async setRuns(ids: readonly string[]): Promise<void> {
    this.#ids = uniqueIds(ids);
    await Promise.all(this.#ids.filter((id) => !this.#details.has(id)).map((id) => this.#load(id)));
  }

  /** Re-reads every compared run (a running run's curves grew). */
  async reload(): Promise<void> {
    await Promise.all(this.#ids.map((id) => this.#load(id)));
  }

  /** Re-reads one compared run (a new epoch arrived); other ids are ignored. */
  async reloadRun(id: string): Promise<void> {
    if (this.#ids.includes(id)) await this.#load(id);
  }

  async #load(id: string): Promise<void> {
    try {
      const details = await this.#api.getRun(id, { steps: true });
      this.#details.set(id, details);
      this.#errors.delete(id);
    } catch (error) {
      this.#errors.set(id, `getRun: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The scatter shows the compared runs, or every run with a test accuracy. */
  async setScope(scope: 'selected' | 'all'): Promise<void> {
    this.#scope = scope;
    if (scope === 'all' && !this.#allPoints) await (this.#loadingAll ??= this.#loadAllPoints());
  }

  async #loadAllPoints(): Promise<void> {
    const points: BudgetPoint[] = [];
    const limit = 1000;
    for (let offset = 0; offset < SCATTER_LIMIT; offset += limit) {
      const page = await this.#api.listRuns({
        sort: { column: 'bestTestTop1', direction: 'desc' },
        page: { limit, offset },
      });
      for (const row of page.rows) {
        if (row.budgetParams !== null && row.bestTestTop1 !== null)
          points.push({
            id: row.id,
            method: row.method,
            budget: row.budgetParams,
            accuracy: row.bestTestTop1,
          });
      }
      // Sorted by accuracy with NULLs last: the first row without one ends the useful part.
      if (offset + limit >= page.total || page.rows.some((r) => r.bestTestTop1 === null)) break;
    }
    this.#allPoints = points;
    this.#loadingAll = null;
  }
}

/** config.training.batchSize when the config holds a positive one, else null. */
function batchSizeOf(config: Record<string, unknown>): number | null {
  const training = config.training;
  const size =
    training && typeof training === 'object'
      ? (training as Record<string, unknown>).batchSize
      : undefined;
  return typeof size === 'number' && size > 0 ? size : null;
}
