// The slice of the AppApi the runs, compare and sharing screens call, and the wire types they
// read, from the contract. Screens take a RunsClient so tests can pass a small fake.
import type {
  AppClient,
  MethodWire,
  RunFilterWire,
  RunListRowWire,
  RunStatusWire,
} from '../../../src-main/contract/appApi';
import { getApi } from '../../lib/api';

export type {
  EpochMetricsWire,
  MethodWire,
  RunDetailsWire,
  RunListPageWire,
  RunListQueryWire,
  RunSortColumnWire,
  RunStatusWire,
  SharingLayerWire,
  SharingReport,
  StepMetricsWire,
  SharingStageWire,
  CoefficientWire,
} from '../../../src-main/contract/appApi';

/** A row of the runs table. */
export type RunRowWire = RunListRowWire;

export const RUN_STATUS_OPTIONS: readonly RunStatusWire[] = [
  'queued',
  'running',
  'stopping',
  'stopped',
  'interrupted',
  'failed',
  'completed',
];
export const RUN_METHOD_OPTIONS: readonly MethodWire[] = ['unshared', 'ssn', 'superweights'];

/** The table's filter: like the wire's, with status and method always lists. */
export type RunsTableFilter = Omit<RunFilterWire, 'status' | 'method'> & {
  status?: RunStatusWire[];
  method?: MethodWire[];
};

export interface RunsTableSort {
  column: import('../../../src-main/contract/appApi').RunSortColumnWire;
  direction: 'asc' | 'desc';
}

/** The AppApi methods these screens use. */
export type RunsClient = Pick<
  AppClient,
  | 'listRuns'
  | 'getRun'
  | 'getSharing'
  | 'tagRun'
  | 'untagRun'
  | 'setRunNote'
  | 'archiveRun'
  | 'unarchiveRun'
  | 'deleteRun'
  | 'exportRunsCsv'
  | 'exportRunJson'
  | 'exportMetricsCsv'
> & {
  /** Pushed events (absent in small fakes: the screens then poll). */
  on?: AppClient['on'];
};

/** The app's API, as these screens use it. */
export function getRunsClient(): RunsClient {
  return getApi();
}
