// The app service over a real data folder, store and job queue: a tiny training run from start
// to sharing report, the ledger and design checks, run management, and the bad-input cases of
// issue #6 (unusable data folder, budget below the minimum, damaged settings).
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEventEnvelope } from '../../../src-main/contract/events';
import { createAppService, type AppService } from '../../../src-main/services/appService';
import { cleanup, tempDir } from '../../integration/server/helpers';

afterAll(cleanup);

function service(root = tempDir(), extra: { dataDir?: string } = {}): AppService {
  return createAppService({
    appVersion: 'test',
    settingsFile: join(root, 'settings.json'),
    defaultDataDir: extra.dataDir ?? join(root, 'data'),
    tickMs: 50,
  });
}

const tiny = {
  arch: 'cnn',
  backend: 'wasm' as const,
  seed: 3,
  training: { epochs: 2, batchSize: 32, lr: 0.05, maxStepsPerEpoch: 4, validationFraction: 0.05 },
};

function waitForEvent(
  app: AppService,
  test: (e: AppEventEnvelope) => boolean,
): Promise<AppEventEnvelope> {
  return new Promise((resolve) => {
    const off = app.subscribe((envelope) => {
      if (test(envelope)) {
        off();
        resolve(envelope);
      }
    });
  });
}

describe('the app service', () => {
  it('trains a queued run, pushes its events and reports its sharing', async () => {
    const app = service();
    const events: AppEventEnvelope[] = [];
    app.subscribe((e) => events.push(e));
    try {
      const runId = await app.startRun({ ...tiny, method: 'ssn', budget: '50%' }, 'tiny ssn');
      const finished = await waitForEvent(
        app,
        (e) => e.name === 'run.finished' && e.payload.runId === runId,
      );
      expect(finished.payload).toMatchObject({ status: 'completed', error: null });
      const names = events
        .filter((e) => 'runId' in e.payload && e.payload.runId === runId)
        .map((e) => e.name);
      expect(names).toEqual(
        expect.arrayContaining(['run.status', 'run.started', 'run.epoch', 'run.finished']),
      );
      expect(names.filter((n) => n === 'run.epoch')).toHaveLength(2);
      const details = await app.getRun(runId);
      expect(details.run).toMatchObject({
        name: 'tiny ssn',
        status: 'completed',
        method: 'ssn',
        epochsDone: 2,
      });
      expect(details.metrics.epochs.filter((e) => e.phase === 'main')).toHaveLength(2);
      const sharing = await app.getSharing(runId);
      const main = sharing.stages.find((s) => s.stage === 'main')!;
      expect(main.layers.map((l) => l.layerId)).toEqual([0, 1, 2, 3]);
      expect(main.sharing.layers.map((l) => l.units.length)).toEqual([1, 1, 1, 1]);
      expect(main.sharing.units.every((u) => u.params > 0)).toBe(true);
      expect(sharing.checkpoint).toMatch(/last\.ckpt$/);
      expect(sharing.coefficients.map((c) => c.name)).toEqual([
        'ssn.layer0.coefficients',
        'ssn.layer1.coefficients',
        'ssn.layer3.coefficients',
      ]);
      for (const c of sharing.coefficients) {
        expect(c.layerId).toBe(Number(/layer(\d+)/.exec(c.name)![1]));
        expect(c.name).toMatch(/^ssn\.layer\d+\.coefficients$/);
        expect(c.values.length).toBe(c.shape.reduce((a, b) => a * b, 1));
        expect(c.values.every(Number.isFinite)).toBe(true);
      }
      expect(await app.listQueue()).toEqual([]);
      expect(await app.tagRun(runId, ['tiny', 'ssn'])).toEqual(['ssn', 'tiny']);
      await app.setRunNote(runId, '**first**');
      await app.archiveRun(runId);
      expect((await app.listRuns({ filter: { archived: true } })).rows[0]).toMatchObject({
        id: runId,
        note: '**first**',
      });
      const csv = await app.exportRunsCsv({ filter: { tag: 'tiny' } });
      expect(csv.mimeType).toBe('text/csv');
      expect(csv.content.split('\r\n')[1]).toContain(runId);
      const metrics = await app.exportMetricsCsv(runId);
      expect(metrics.content.trim().split('\r\n')).toHaveLength(3);
      expect(JSON.parse((await app.exportRunJson(runId)).content).run.id).toBe(runId);
    } finally {
      await app.close();
    }
  });

  it('refuses a budget below the method minimum before queueing anything', async () => {
    const app = service();
    try {
      await expect(app.startRun({ ...tiny, method: 'ssn', budget: 10 })).rejects.toMatchObject({
        kind: 'budget',
      });
      await expect(
        app.startSweep({ base: tiny, budgets: ['50%', 10], methods: ['ssn'], seeds: [0, 1] }),
      ).rejects.toThrow(/sweep run \(ssn, budget 10, seed 0\)/);
      expect((await app.listRuns()).total).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('computes the ledger and describes designs, naming the bad layer', async () => {
    const app = createAppService({
      appVersion: 'test',
      settingsFile: join(tempDir(), 's.json'),
      defaultDataDir: join(tempDir(), 'data'),
      runQueue: false,
    });
    try {
      const ledger = await app.inspect({ arch: 'resnet-20', method: 'ssn', budget: '10%' });
      expect(ledger).toMatchObject({ unsharedParams: 269722, regime: 'low', arch: 'resnet-20' });
      expect(ledger.budgetParams).toBeLessThanOrEqual(26972);
      const design = await app.describeDesign({
        arch: 'design',
        design: {
          layers: [
            { type: 'conv', filters: 8, kernel: 3 },
            { type: 'maxPool', size: 2 },
            { type: 'dense', units: 32 },
          ],
        },
      });
      expect(design.valid).toBe(true);
      if (!design.valid) return;
      expect(design.rows.map((r) => [r.type, r.outputShape, r.params])).toEqual([
        ['conv', [28, 28, 8], 8 * 9 + 16],
        ['maxPool', [14, 14, 8], 0],
        ['dense', [32], 14 * 14 * 8 * 32 + 32],
        ['classifier', [10], 32 * 10 + 10],
      ]);
      expect(design.totalParams).toBe(88 + 50208 + 330);
      const bad = await app.describeDesign({
        arch: 'design',
        design: {
          layers: [
            { type: 'conv', filters: 8, kernel: 3 },
            { type: 'conv', filters: 0, kernel: 3 },
          ],
        },
      });
      expect(bad).toMatchObject({
        valid: false,
        layerIndex: 1,
        kind: 'architecture',
        message: expect.stringMatching(/design layer 1 \(conv\): filters 0/),
      });
      const presets = await app.listArchitecturePresets();
      expect(presets.map((p) => p.name)).toEqual(
        expect.arrayContaining(['wrn-16-4', 'resnet-20', 'resnet-32', 'resnet-56', 'mlp', 'cnn']),
      );
      expect((await app.listRunPresets()).map((p) => p.name)).toContain('quickstart');
    } finally {
      await app.close();
    }
  });

  it('reports an unusable data folder by name, keeps working after a good one is chosen', async () => {
    const root = tempDir();
    const file = join(root, 'not-a-folder');
    writeFileSync(file, 'x');
    const app = service(root, { dataDir: join(file, 'data') });
    try {
      const settings = await app.getSettings();
      expect(settings.dataDirError).toContain(file);
      await expect(app.listRuns()).rejects.toMatchObject({
        kind: 'store',
        message: expect.stringContaining(file),
      });
      await expect(app.updateSettings({ dataDir: join(file, 'other') })).rejects.toThrow(file);
      expect(
        JSON.parse(
          existsSync(join(root, 'settings.json'))
            ? readFileSync(join(root, 'settings.json'), 'utf8')
            : '{}',
        ).dataDir,
      ).toBeUndefined();
      const good = join(root, 'good');
      const changed = await app.updateSettings({ dataDir: good, theme: 'dark' });
      expect(changed).toMatchObject({ dataDir: good, theme: 'dark', dataDirError: null });
      expect((await app.listRuns()).total).toBe(0);
    } finally {
      await app.close();
    }
    const again = service(root);
    try {
      expect(await again.getSettings()).toMatchObject({
        dataDir: join(root, 'good'),
        theme: 'dark',
      });
    } finally {
      await again.close();
    }
  });

  it('sets a damaged settings file aside and starts with the defaults', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'settings.json'), '{"theme": "neon"');
    const app = service(root);
    try {
      expect(app.problem).toMatch(
        /settings\.json was damaged .* kept as .*settings\.json\.damaged-\d+/,
      );
      expect((await app.getSettings()).theme).toBe('system');
    } finally {
      await app.close();
    }
  });
});
