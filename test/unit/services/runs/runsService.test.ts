// Run management over the store, on in-memory and on-disk databases: listing with filters,
// details, tags, notes, archiving, deletion with files, and the CSV/JSON exports.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDataDir, type DataDir } from '../../../../src-main/services/dataDir';
import { createRunsService, toCsv } from '../../../../src-main/services/runs';
import {
  addRunFile,
  insertEpochMetrics,
  insertRun,
  insertStepMetrics,
  listRuns,
  openDatabase,
  setGroups,
  StoreError,
  updateRunStatus,
  type RunId,
} from '../../../../src-main/store';

const folders: string[] = [];
function temp(): string {
  const folder = mkdtempSync(join(tmpdir(), 'npas-runs-'));
  folders.push(folder);
  return folder;
}
afterEach(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));

/** A data folder whose database is in memory or on disk (files always go to a temp folder). */
function dataDir(kind: 'memory' | 'disk'): DataDir {
  if (kind === 'disk') return openDataDir(temp());
  const path = temp();
  const db = openDatabase(':memory:');
  return {
    path,
    dbPath: ':memory:',
    db,
    runDir: (id) => join(path, 'runs', id),
    close: () => db.close(),
  };
}

function seed(dir: DataDir) {
  const make = (name: string, method: 'unshared' | 'ssn', budget: number) =>
    insertRun(dir.db, {
      name,
      method,
      arch: 'wrn-16-4',
      dataset: 'cifar10',
      budgetParams: budget,
      config: { arch: 'wrn-16-4', method },
      configSchemaVersion: 1,
      seed: 1,
    }).id;
  const a = make('alpha, "quoted"', 'unshared', 2_700_000);
  const b = make('beta', 'ssn', 270_000);
  insertEpochMetrics(dir.db, [
    { runId: b, phase: 'main', epoch: 0, trainLoss: 1.5, valTop1: 0.4, testTop1: 0.39 },
    { runId: b, phase: 'main', epoch: 1, trainLoss: 1.1, valTop1: 0.55, testTop1: 0.52 },
  ]);
  insertStepMetrics(dir.db, [{ runId: b, phase: 'main', epoch: 0, step: 0, loss: 2.3 }]);
  setGroups(dir.db, b, 'main', [
    { layerId: 0, layerName: 'conv0', groupId: 0, detail: { templates: 2 } },
  ]);
  return { a, b };
}

/** The fields of one RFC 4180 CSV line (quoted fields unquoted, doubled quotes undone). */
function csvFields(line: string): string[] {
  return [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) =>
    m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2],
  );
}

describe.each(['memory', 'disk'] as const)('runs service (%s database)', (kind) => {
  it('lists with filters, sorts and pages; tags, notes and archives', () => {
    const dir = dataDir(kind);
    const runs = createRunsService(dir);
    const { a, b } = seed(dir);
    expect(runs.list({ filter: { method: 'ssn' } }).rows.map((r) => r.id)).toEqual([b]);
    expect(
      runs.list({ sort: { column: 'budgetParams', direction: 'asc' } }).rows.map((r) => r.id),
    ).toEqual([b, a]);
    expect(runs.tag(b, ['baseline', ' sweep-1 '])).toEqual(['baseline', 'sweep-1']);
    expect(runs.untag(b, ['baseline'])).toEqual(['sweep-1']);
    expect(runs.list({ filter: { tag: 'sweep-1' } }).total).toBe(1);
    runs.note(a, '# why\nbecause');
    expect(runs.show(a).run.note).toBe('# why\nbecause');
    runs.archive(a);
    expect(runs.list({ filter: { archived: false } }).rows.map((r) => r.id)).toEqual([b]);
    runs.unarchive(a);
    expect(runs.list({ filter: { archived: false } }).total).toBe(2);
    expect(() => runs.tag('nope' as RunId, ['x'])).toThrow(/no run with id 'nope'/);
    expect(() => runs.untag('nope' as RunId, ['x'])).toThrow(StoreError);
    dir.close();
  });

  it('shows a run with parsed config, groups and metrics', () => {
    const dir = dataDir(kind);
    const { b } = seed(dir);
    const details = createRunsService(dir).show(b, { steps: true });
    expect(details.run.config).toEqual({ arch: 'wrn-16-4', method: 'ssn' });
    expect(details.run.archived).toBe(false);
    expect(details.groups).toEqual([
      {
        runId: b,
        stage: 'main',
        layerId: 0,
        layerName: 'conv0',
        groupId: 0,
        detail: { templates: 2 },
      },
    ]);
    expect(details.metrics.epochs.map((e) => e.valTop1)).toEqual([0.4, 0.55]);
    expect(details.metrics.steps).toHaveLength(1);
    expect(createRunsService(dir).show(b).metrics.steps).toEqual([]);
    dir.close();
  });

  it('exports the runs table and a metric history as CSV, quoting where needed, and a run as JSON', () => {
    const dir = dataDir(kind);
    const runs = createRunsService(dir);
    const { a, b } = seed(dir);
    runs.tag(a, ['x', 'y']);
    const table = runs.exportRunsCsv({ sort: { column: 'name', direction: 'asc' } }).split('\r\n');
    expect(table[0].startsWith('id,name,status,method,arch,dataset,')).toBe(true);
    expect(table[1]).toMatch(
      new RegExp(`^${a},"alpha, ""quoted""",queued,unshared,wrn-16-4,cifar10,,2700000,`),
    );
    // tags, archived, error, then the config columns (config.arch, config.method)
    expect(table[1]).toMatch(/,x;y,false,,wrn-16-4,unshared$/);
    expect(table).toHaveLength(4); // header, two runs, trailing empty line
    const epochs = runs.exportMetricsCsv(b).split('\r\n');
    expect(epochs[0]).toBe(
      'phase,epoch,lr,seconds,imagesPerSecond,trainLoss,trainAccuracy,valLoss,valTop1,valTop5,testLoss,testTop1,testTop5',
    );
    expect(epochs[2]).toBe('main,1,,,,1.1,,,0.55,,,0.52,');
    expect(runs.exportMetricsCsv(b, { steps: true }).split('\r\n')[1]).toBe('main,0,0,2.3,,,');
    const json = runs.exportRunJson(b);
    expect(json).toMatchObject({
      format: 'npas-run',
      version: 1,
      run: { id: b, config: { method: 'ssn' } },
    });
    expect(json.metrics.epochs).toHaveLength(2);
    expect(json.groups).toHaveLength(1);
    expect(() => runs.exportMetricsCsv('nope' as RunId)).toThrow(/no run with id 'nope'/);
    dir.close();
  });

  it('adds one config.<path> column per flattened config key to the runs CSV, empty where a run lacks it', () => {
    const dir = dataDir(kind);
    const runs = createRunsService(dir);
    const id = insertRun(dir.db, {
      name: 'gamma',
      method: 'superweights',
      arch: 'wrn-10-1',
      dataset: 'sample',
      budgetParams: 1000,
      config: {
        arch: 'wrn-10-1',
        method: 'superweights',
        budget: '70%',
        training: { lr: 0.05, batchSize: 64, schedule: { type: 'step', milestones: [2, 4] } },
        superweights: { bins: 3 },
      },
      configSchemaVersion: 1,
      seed: 2,
    }).id;
    seed(dir);
    const [header, ...rows] = runs
      .exportRunsCsv({ sort: { column: 'name', direction: 'asc' } })
      .trimEnd()
      .split('\r\n');
    const columns = header.split(',');
    expect(columns.slice(0, 2)).toEqual(['id', 'name']);
    const configColumns = columns.filter((c) => c.startsWith('config.'));
    expect(configColumns).toEqual([
      'config.arch',
      'config.budget',
      'config.method',
      'config.superweights.bins',
      'config.training.batchSize',
      'config.training.lr',
      'config.training.schedule.milestones',
      'config.training.schedule.type',
    ]);
    const gamma = rows.find((r) => r.startsWith(`${id},`))!;
    const fields = csvFields(gamma);
    expect(fields).toHaveLength(columns.length);
    const cells = Object.fromEntries(configColumns.map((c) => [c, fields[columns.indexOf(c)]]));
    expect(cells).toMatchObject({
      'config.arch': 'wrn-10-1',
      'config.budget': '70%',
      'config.method': 'superweights',
      'config.superweights.bins': '3',
      'config.training.batchSize': '64',
      'config.training.lr': '0.05',
      'config.training.schedule.type': 'step',
    });
    expect(cells['config.training.schedule.milestones']).toBe('[2,4]');
    const beta = rows.find((r) => r.includes(',beta,'))!;
    expect(beta.endsWith(',wrn-16-4,,ssn,,,,,')).toBe(true);
    dir.close();
  });

  it('neutralises config values and names that a spreadsheet would run as a formula', () => {
    const dir = dataDir(kind);
    const runs = createRunsService(dir);
    insertRun(dir.db, {
      name: '=HYPERLINK("http://x")',
      method: 'unshared',
      arch: 'cnn',
      dataset: 'sample',
      budgetParams: 10,
      config: { arch: 'cnn', note: '@SUM(A1)', lr: -0.5 },
      configSchemaVersion: 1,
      seed: 0,
    });
    const csv = runs.exportRunsCsv();
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain(",-0.5,'@SUM(A1)\r\n");
    expect(csv).not.toMatch(/(^|,)[=@]/m);
    dir.close();
  });

  it("exports one run's history (epochs and steps) and its config as JSON", () => {
    const dir = dataDir(kind);
    const runs = createRunsService(dir);
    const { b } = seed(dir);
    const history = runs.exportRunHistoryJson(b);
    expect(history).toMatchObject({
      format: 'npas-run-history',
      version: 1,
      runId: b,
      name: 'beta',
    });
    expect(history.epochs.map((e) => e.valTop1)).toEqual([0.4, 0.55]);
    expect(history.steps.map((s) => s.loss)).toEqual([2.3]);
    expect(runs.exportRunConfigJson(b)).toEqual({ arch: 'wrn-16-4', method: 'ssn' });
    expect(() => runs.exportRunConfigJson('nope' as RunId)).toThrow(/no run with id 'nope'/);
    dir.close();
  });

  it('deletes a run with its folder and recorded files, and refuses a running one', () => {
    const dir = dataDir(kind);
    const runs = createRunsService(dir);
    const { a, b } = seed(dir);
    const folder = dir.runDir(a);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'last.ckpt'), 'x');
    const exported = join(dir.path, 'exports', 'model.json');
    mkdirSync(join(dir.path, 'exports'));
    writeFileSync(exported, '{}');
    addRunFile(dir.db, { runId: a, kind: 'checkpoint', path: `runs/${a}/last.ckpt` });
    addRunFile(dir.db, { runId: a, kind: 'export', path: 'exports/model.json' });
    const removed = runs.remove(a);
    expect(removed.leftovers).toEqual([]);
    expect(removed.deleted).toEqual([exported, folder]);
    expect(existsSync(folder) || existsSync(exported)).toBe(false);
    expect(listRuns(dir.db).rows.map((r) => r.id)).toEqual([b]);

    updateRunStatus(dir.db, b, 'running');
    expect(() => runs.remove(b)).toThrow(/is running; stop it before deleting it/);
    expect(listRuns(dir.db).total).toBe(1);
    dir.close();
  });

  it('never deletes a recorded file outside the data folder, keeping it and saying why', () => {
    const dir = dataDir(kind);
    const { a } = seed(dir);
    const outside = join(temp(), 'model.json');
    writeFileSync(outside, '{}');
    // A row an older build left: absolute, outside the folder (migration 50 keeps such rows).
    dir.db
      .prepare('INSERT INTO runFiles (runId, kind, path, createdAt) VALUES (?, ?, ?, 0)')
      .run(a, 'export', outside);
    const removed = createRunsService(dir).remove(a);
    expect(removed.deleted).toEqual([dir.runDir(a)]);
    expect(removed.leftovers).toEqual([
      {
        path: outside,
        reason: expect.stringMatching(/outside the data folder .*kept, not deleted/),
      },
    ]);
    expect(readFileSync(outside, 'utf8')).toBe('{}');
    dir.close();
  });

  it('never deletes through a symlink that leads out of the data folder', () => {
    const dir = dataDir(kind);
    const { a } = seed(dir);
    // The run's folder is reached through runs/ -> a folder elsewhere (a copy made with links).
    const elsewhere = temp();
    mkdirSync(join(elsewhere, a));
    writeFileSync(join(elsewhere, a, 'last.ckpt'), 'original');
    rmSync(join(dir.path, 'runs'), { recursive: true, force: true });
    symlinkSync(elsewhere, join(dir.path, 'runs'));
    addRunFile(dir.db, { runId: a, kind: 'checkpoint', path: `runs/${a}/last.ckpt` });
    const removed = createRunsService(dir).remove(a);
    expect(removed.deleted).toEqual([]);
    expect(removed.leftovers.map((l) => l.reason)).toEqual([
      expect.stringMatching(/outside the data folder .* \(it resolves to .*\); it was kept/),
    ]);
    expect(readFileSync(join(elsewhere, a, 'last.ckpt'), 'utf8')).toBe('original');
    dir.close();
  });

  it('refuses to record an absolute or escaping file path', () => {
    const dir = dataDir(kind);
    const { a } = seed(dir);
    expect(() => addRunFile(dir.db, { runId: a, kind: 'x', path: join(dir.path, 'f') })).toThrow(
      /must be relative to the data folder/,
    );
    expect(() => addRunFile(dir.db, { runId: a, kind: 'x', path: 'runs/../../f' })).toThrow(
      /'runs\/..\/..\/f' must be relative to the data folder/,
    );
    dir.close();
  });
});

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks and leaves nulls empty', () => {
    expect(
      toCsv(
        ['a', 'b', 'c'],
        [
          { a: 'x,y', b: 'say "hi"', c: null },
          { a: 'line\nbreak', b: 1.5, c: true },
        ],
      ),
    ).toBe('a,b,c\r\n"x,y","say ""hi""",\r\n"line\nbreak",1.5,true\r\n');
  });

  it('neutralises cells that start like a formula (=, +, -, @, tab, CR) with a leading quote', () => {
    const rows = [
      { name: '=HYPERLINK("http://x","y")' },
      { name: '+1+cmd|calc' },
      { name: '-2+3' },
      { name: '@SUM(A1)' },
      { name: '\tlead' },
      { name: '\rlead' },
      { name: 'plain' },
    ];
    expect(toCsv(['name'], rows).split('\r\n').slice(1, -1)).toEqual([
      '"\'=HYPERLINK(""http://x"",""y"")"',
      "'+1+cmd|calc",
      "'-2+3",
      "'@SUM(A1)",
      "'\tlead",
      '"\'\rlead"',
      'plain',
    ]);
  });

  it('keeps negative numbers numeric, as values and as text holding only a number', () => {
    expect(
      toCsv(
        ['loss', 'text'],
        [
          { loss: -0.5, text: '-0.25' },
          { loss: -1e-7, text: '+3' },
        ],
      ),
    ).toBe('loss,text\r\n-0.5,-0.25\r\n-1e-7,+3\r\n');
  });

  it('neutralises a formula in a run name in the exported runs table', () => {
    const dir = dataDir('memory');
    insertRun(dir.db, {
      name: '=1+1',
      method: 'unshared',
      arch: 'cnn',
      dataset: 'mnist',
      config: {},
      configSchemaVersion: 1,
      seed: 1,
    });
    const table = createRunsService(dir).exportRunsCsv().split('\r\n');
    expect(table[1].split(',')[1]).toBe("'=1+1");
    dir.close();
  });
});
