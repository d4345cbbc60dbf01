// The queue part of the AppApi: datasets (a run's input shape comes from its dataset), starting
// runs and sweeps (checked with the dataset's shape before anything is queued), stop, resume,
// cancel, and the queue view with each running job's latest progress.
import type { AppApi } from '../../contract/appApi';
import { parseRunConfig, type RunConfig, type RunConfigInput } from '../../contract/config';
import type { AppSettings, QueueEntryWire } from '../../contract/wire';
import { asRunId, listJobs, requireRun } from '../../store';
import type { DatasetsService } from '../datasets';
import { inspectConfig } from '../inspect';
import type { DataFolderSession } from './dataFolderSession';
import { sweepConfigs } from './sweepConfigs';
import { withDatasetShape } from './withDatasetShape';
import { withSettingsBackend } from './withSettingsBackend';

type JobMethodNames =
  | 'listDatasets'
  | 'importDataset'
  | 'previewDataset'
  | 'startRun'
  | 'startSweep'
  | 'stopRun'
  | 'resumeRun'
  | 'cancelRun'
  | 'listQueue';

export function jobMethods(
  session: DataFolderSession,
  datasets: DatasetsService,
  settings: () => Pick<AppSettings, 'backend' | 'webgpuAdapter'>,
): Pick<AppApi, JobMethodNames> {
  const withShape = (input: RunConfigInput) => withDatasetShape(datasets, input);

  /** The config a new run gets: the settings' backend replaces 'auto', their adapter applies. */
  function withBackend(config: RunConfig): RunConfig {
    return withSettingsBackend(config, settings());
  }

  return {
    listDatasets: () => datasets.list(),
    importDataset: (path, format) => datasets.import(path, format),
    previewDataset: (id) => datasets.preview(id),

    async startRun(input, name) {
      const queue = session.needQueue();
      const config = withBackend(parseRunConfig(input));
      // A budget below the method's minimum or a design that cannot be built fails here, before
      // anything is queued.
      inspectConfig(parseRunConfig(await withShape(config)));
      return queue.enqueueTraining(config, { name });
    },
    async startSweep(request) {
      const queue = session.needQueue();
      const base = withBackend(parseRunConfig(request.base));
      const shaped = parseRunConfig(await withShape(base));
      // Check every run with the dataset's shape, then queue the configs as the user gave them.
      sweepConfigs({ ...request, base: shaped });
      return sweepConfigs({ ...request, base }).map((run) =>
        queue.enqueueTraining(run.config, { name: run.name }),
      );
    },
    async stopRun(runId) {
      return session.needQueue().stop(asRunId(runId));
    },
    async resumeRun(runId) {
      session.needQueue().resume(asRunId(runId));
    },
    async cancelRun(runId) {
      session.needQueue().cancel(asRunId(runId));
    },
    async listQueue(): Promise<QueueEntryWire[]> {
      const { dir } = session.need();
      return listJobs(dir.db, ['queued', 'running']).map((job) => {
        const run = requireRun(dir.db, job.runId);
        return {
          jobId: job.id,
          runId: job.runId,
          kind: job.kind,
          status: job.status as 'queued' | 'running',
          position: job.position,
          name: run.name,
          method: run.method,
          arch: run.arch,
          budgetRequested: run.budgetRequested,
          runStatus: run.status,
          createdAt: job.createdAt,
          progress: session.progress.get(job.runId) ?? null,
        };
      });
    },
  };
}
