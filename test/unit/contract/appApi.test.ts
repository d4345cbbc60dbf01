// The AppApi contract: one allow-list of methods with a schema each, one list of events, and
// argument schemas that accept what the UI sends and reject the rest with a named field.
import { describe, expect, it } from 'vitest';
import {
  APP_API_ARGS,
  APP_API_COMPLETE,
  APP_API_ARGS_MATCH,
  APP_API_METHODS,
  isAppMethod,
} from '../../../src-main/contract/appApi';
import {
  APP_EVENT_NAMES,
  APP_EVENTS_COMPLETE,
  isAppEventName,
} from '../../../src-main/contract/events';
import { formatIssues } from '../../../src-main/contract/config';

const PLANNED = [
  'getBackendReport',
  'getVersions',
  'getSettings',
  'updateSettings',
  'listArchitecturePresets',
  'describeDesign',
  'inspect',
  'listDatasets',
  'importDataset',
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
  'getRun',
  'getSharing',
  'tagRun',
  'untagRun',
  'setRunNote',
  'archiveRun',
  'unarchiveRun',
  'deleteRun',
  'exportRunsCsv',
  'exportRunJson',
  'exportMetricsCsv',
  'exportModel',
  'evaluateRun',
];

describe('the AppApi contract', () => {
  it('lists every planned method once, each with an argument schema', () => {
    expect(APP_API_COMPLETE).toBe(true);
    expect(APP_API_ARGS_MATCH).toBe(true);
    expect(new Set(APP_API_METHODS).size).toBe(APP_API_METHODS.length);
    for (const method of PLANNED) expect(APP_API_METHODS).toContain(method);
    expect(Object.keys(APP_API_ARGS).sort()).toEqual([...APP_API_METHODS].sort());
    expect(APP_API_METHODS).toHaveLength(39);
  });

  it('lists the queue events by their services/jobs names plus dataset, settings and sweep events', () => {
    expect(APP_EVENTS_COMPLETE).toBe(true);
    expect([...APP_EVENT_NAMES].sort()).toEqual(
      [
        'dataset.importProgress',
        'engine.log',
        'queue.error',
        'queue.idle',
        'run.epoch',
        'run.finished',
        'run.progress',
        'run.started',
        'run.status',
        'settings.changed',
        'sweep.updated',
      ].sort(),
    );
    expect(isAppEventName('run.progress')).toBe(true);
    expect(isAppEventName('run.event')).toBe(false);
    expect(isAppMethod('getRun')).toBe(true);
    expect(isAppMethod('constructor')).toBe(false);
    expect(isAppMethod('__proto__')).toBe(false);
  });

  it('accepts the arguments the screens send and fills run-config defaults', () => {
    const parsed = APP_API_ARGS.startRun.parse([
      { arch: 'cnn', budget: '10%', method: 'ssn' },
      'first',
    ]);
    expect(parsed[1]).toBe('first');
    expect(parsed[0].training.epochs).toBe(3);
    expect(APP_API_ARGS.listRuns.parse([]).length).toBe(0);
    expect(
      APP_API_ARGS.listRuns.parse([
        {
          filter: { status: ['completed', 'failed'], text: 'wrn' },
          sort: { column: 'bestValTop1', direction: 'desc' },
          page: { limit: 100, offset: 200 },
        },
      ])[0]?.page,
    ).toEqual({ limit: 100, offset: 200 });
    expect(
      APP_API_ARGS.describeDesign.parse([
        {
          arch: 'design',
          design: { layers: [{ type: 'conv', filters: 0, kernel: 3 }, { type: 'flatten' }] },
        },
      ])[0].design?.layers,
    ).toHaveLength(2);
    expect(
      APP_API_ARGS.startSweep.parse([
        { base: {}, budgets: ['10%', 5000], methods: ['ssn'], seeds: [0, 1] },
      ])[0].budgets,
    ).toEqual(['10%', 5000]);
  });

  it('rejects bad arguments naming the position and field', () => {
    const issues = (method: keyof typeof APP_API_ARGS, args: unknown[]) => {
      const result = APP_API_ARGS[method].safeParse(args);
      expect(result.success).toBe(false);
      return result.success ? '' : formatIssues(result.error.issues);
    };
    expect(issues('startRun', [{ training: { epochs: -1 } }])).toMatch(/^0\.training\.epochs: /);
    expect(issues('startRun', [{ method: 'magic' }])).toMatch(/0\.method/);
    expect(issues('listRuns', [{ page: { limit: 5000, offset: 0 } }])).toMatch(/0\.page\.limit/);
    expect(issues('listRuns', [{ sort: { column: 'config', direction: 'asc' } }])).toMatch(
      /0\.sort\.column/,
    );
    expect(issues('tagRun', ['01ABC', ['']])).toMatch(/1\.0: a tag cannot be empty/);
    expect(issues('getRun', ['../etc/passwd'])).toMatch(/0: a run id/);
    expect(issues('updateSettings', [{ theme: 'neon' }])).toMatch(/0\.theme/);
    expect(issues('updateSettings', [{ dataDir: '  ' }])).toMatch(/data folder cannot be empty/);
    expect(issues('startSweep', [{ base: {}, budgets: [], methods: [], seeds: [0] }])).toMatch(
      /at least one method/,
    );
    expect(issues('importDataset', ['/data', 'zip'])).toMatch(/^1: /);
  });

  it("lets a run's JSON export ask for its history or its config alone, and nothing else", () => {
    const id = '01M8T7EGMVD1E45TR058YJC0MX';
    expect(APP_API_ARGS.exportRunJson.parse([id, { part: 'history' }])[1]).toEqual({
      part: 'history',
    });
    expect(APP_API_ARGS.exportRunJson.parse([id, { part: 'config' }])[1]?.part).toBe('config');
    expect(APP_API_ARGS.exportRunJson.parse([id])).toEqual([id]);
    const bad = APP_API_ARGS.exportRunJson.safeParse([id, { part: 'checkpoint' }]);
    expect(bad.success).toBe(false);
    expect(bad.success ? '' : formatIssues(bad.error.issues)).toMatch(/^1\.part: /);
  });
});
