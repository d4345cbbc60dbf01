// The AppApi's method names, apart from the schemas so the sandboxed preload can import them
// without bundling zod: the allow-list every transport registers, checked complete at compile
// time against the AppApi interface.
import type { AppApi } from './appApi';

/** Every method name, the allow-list the transports register. */
export const APP_API_METHODS = [
  'getBackendReport',
  'getVersions',
  'getSettings',
  'updateSettings',
  'listArchitecturePresets',
  'listRunPresets',
  'describeDesign',
  'inspect',
  'listDatasets',
  'importDataset',
  'previewDataset',
  'startRun',
  'startSweep',
  'stopRun',
  'resumeRun',
  'cancelRun',
  'listQueue',
  'listSweeps',
  'getSweep',
  'submitSweep',
  'previewSweep',
  'cancelSweepCells',
  'resubmitSweepCells',
  'listRuns',
  'listTags',
  'getRun',
  'getSharing',
  'tagRun',
  'untagRun',
  'setRunNote',
  'renameRun',
  'archiveRun',
  'unarchiveRun',
  'deleteRun',
  'exportRunsCsv',
  'exportRunJson',
  'exportMetricsCsv',
  'exportModel',
  'evaluateRun',
] as const satisfies ReadonlyArray<keyof AppApi>;

/** Compile-time check that APP_API_METHODS lists every key of AppApi. */
type Missing = Exclude<keyof AppApi, (typeof APP_API_METHODS)[number]>;
export const APP_API_COMPLETE: Missing extends never ? true : Missing = true;

/** Whether `name` is an AppApi method (for names arriving from outside). */
export function isAppMethod(name: unknown): name is keyof AppApi {
  return typeof name === 'string' && (APP_API_METHODS as readonly string[]).includes(name);
}
