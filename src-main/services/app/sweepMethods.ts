// The sweeps part of the AppApi (issue #14): list, show (refreshing a Slurm sweep's states and
// importing finished bundles), submit with either executor, preview (dry run), cancel and
// resubmit. The work lives in services/sweeps; this binds it to the open data folder, its queue
// (local executor), the settings' backend and the datasets' shapes, and pushes 'sweep.updated'.
import type { AppApi } from '../../contract/appApi';
import { parseRunConfig, type RunConfig } from '../../contract/config';
import type { SweepSpec } from '../../contract/sweep';
import type { AppSettings } from '../../contract/wire';
import { asRunId, sweepIdsOfRun } from '../../store';
import type { DatasetsService } from '../datasets';
import { createSweepService, previewSweep, type SweepService } from '../sweeps';
import type { DataFolderSession } from './dataFolderSession';
import type { EventHub } from './eventHub';
import { withDatasetShape } from './withDatasetShape';
import { withSettingsBackend } from './withSettingsBackend';

type SweepMethodNames =
  | 'listSweeps'
  | 'getSweep'
  | 'submitSweep'
  | 'previewSweep'
  | 'cancelSweepCells'
  | 'resubmitSweepCells';

export function sweepMethods(
  session: DataFolderSession,
  datasets: DatasetsService,
  settings: () => Pick<AppSettings, 'backend' | 'webgpuAdapter'>,
  events: EventHub,
): Pick<AppApi, SweepMethodNames> {
  const checkConfig = async (config: RunConfig) =>
    parseRunConfig(await withDatasetShape(datasets, config));

  /** The service over the open folder; the queue is asked for only when a local sweep needs it. */
  function service(): SweepService {
    const { dir } = session.need();
    return createSweepService({
      dataDir: dir,
      queue: () => session.needQueue(),
      checkConfig,
      onChange: (sweepId) => events.emit({ name: 'sweep.updated', payload: { sweepId } }),
    });
  }

  // A local cell's state is its run's status: a run of a sweep changing status changes the sweep.
  events.subscribe((envelope) => {
    if (envelope.name !== 'run.status') return;
    const context = session.context;
    if (!context) return;
    for (const sweepId of sweepIdsOfRun(context.dir.db, asRunId(envelope.payload.runId))) {
      events.emit({ name: 'sweep.updated', payload: { sweepId } });
    }
  });

  /** The settings' backend replaces 'auto' in the base config, as for single runs. */
  function withBackend(spec: SweepSpec): SweepSpec {
    return { ...spec, base: withSettingsBackend(parseRunConfig(spec.base), settings()) };
  }

  return {
    listSweeps: async () => service().list(),
    getSweep: (sweepId) => service().get(sweepId, { refresh: true }),
    submitSweep: (spec) => service().submit(withBackend(spec)),
    previewSweep: (spec) =>
      previewSweep(withBackend(spec), { dataDirPath: session.active, checkConfig }),
    cancelSweepCells: (sweepId, cells) => service().cancel(sweepId, cells),
    resubmitSweepCells: (sweepId, cells) => service().resubmit(sweepId, cells),
  };
}
