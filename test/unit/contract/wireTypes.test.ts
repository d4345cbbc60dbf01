// The wire types (contract/wire.ts) against the types the store and services really produce
// (issue #9 item 19): wire.ts cannot import the store (layering), so instead of trusting its
// restated shapes, these type-equality checks fail typecheck (`npm run typecheck`) the moment
// a store row, a service result or an engine type and its wire type drift apart. Branded run
// ids travel as plain strings, so they are unbranded before comparing.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  Accounting,
  EpochRecord,
  EvalResult,
  Phase,
  RunEnvironment,
  StepEvent,
} from '../../../src-main/contract/engineTypes';
import type {
  AccountingWire,
  EpochMetricsWire,
  EpochRecordWire,
  EvalResultWire,
  GroupRowWire,
  MetricHistoryWire,
  PhaseWire,
  RemovedRunWire,
  RunDetailsWire,
  RunEnvironmentWire,
  RunFileWire,
  RunFilterWire,
  RunListPageWire,
  RunListQueryWire,
  RunListRowWire,
  RunProgressWire,
  RunSortColumnWire,
  RunStatusWire,
  RunViewWire,
  StepMetricsWire,
} from '../../../src-main/contract/wire';
import type { RemovedRun, RunDetails, RunView } from '../../../src-main/services/runs';
import type {
  EpochMetricsRow,
  GroupRow,
  MetricHistory,
  RunFileRow,
  RunFilter,
  RunId,
  RunListPage,
  RunListQuery,
  RunListRow,
  RunSortColumn,
  RunStatus,
  StepMetricsRow,
} from '../../../src-main/store';

/**
 * `T` as it looks once serialised: branded ids are strings, open string unions such as
 * `'checkpoint' | (string & {})` are string, readonly arrays are plain arrays.
 */
type Wire<T> = T extends RunId
  ? string
  : T extends string
    ? // An open string (`string & {}`) has no required key: an empty object satisfies its Record.
      Record<never, 1> extends Record<T, 1>
      ? string
      : T
    : T extends readonly (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

describe('wire types', () => {
  it('are the store’s run, list and metric types with plain string ids', () => {
    expectTypeOf<RunStatusWire>().toEqualTypeOf<RunStatus>();
    expectTypeOf<RunSortColumnWire>().toEqualTypeOf<RunSortColumn>();
    expectTypeOf<RunListRowWire>().toEqualTypeOf<Wire<RunListRow>>();
    expectTypeOf<RunListPageWire>().toEqualTypeOf<Wire<RunListPage>>();
    expectTypeOf<RunFilterWire>().toEqualTypeOf<Wire<RunFilter>>();
    expectTypeOf<RunListQueryWire>().toEqualTypeOf<Wire<RunListQuery>>();
    expectTypeOf<EpochMetricsWire>().toEqualTypeOf<Wire<EpochMetricsRow>>();
    expectTypeOf<StepMetricsWire>().toEqualTypeOf<Wire<StepMetricsRow>>();
    expectTypeOf<MetricHistoryWire>().toEqualTypeOf<Wire<MetricHistory>>();
    expectTypeOf<GroupRowWire>().toEqualTypeOf<Wire<GroupRow>>();
    expectTypeOf<RunFileWire>().toEqualTypeOf<Wire<RunFileRow>>();
  });

  it('are the runs service’s results with plain string ids', () => {
    // Wire<> on both sides flattens RunViewWire's intersection (Omit<...> & {...}).
    expectTypeOf<Wire<RunViewWire>>().toEqualTypeOf<Wire<RunView>>();
    expectTypeOf<Wire<RunDetailsWire>>().toEqualTypeOf<Wire<RunDetails>>();
    expectTypeOf<RemovedRunWire>().toEqualTypeOf<Wire<RemovedRun>>();
  });

  it('are what the engine reports', () => {
    expectTypeOf<PhaseWire>().toEqualTypeOf<Phase>();
    expectTypeOf<EvalResultWire>().toEqualTypeOf<EvalResult>();
    expectTypeOf<EpochRecordWire>().toEqualTypeOf<EpochRecord>();
    expectTypeOf<RunEnvironmentWire>().toEqualTypeOf<RunEnvironment>();
    expectTypeOf<Omit<AccountingWire, 'warnings'>>().toEqualTypeOf<Accounting>();
    expectTypeOf<Omit<RunProgressWire, 'runId'>>().toEqualTypeOf<Omit<StepEvent, 'type'>>();
  });
});
