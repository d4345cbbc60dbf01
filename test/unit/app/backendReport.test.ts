// The app's backend report (issue 9 item 10): the engine worker answers it, so tfjs and its
// native bindings never load in the main or server process, and versions come from the packages
// installed rather than a hard-coded string.
import { loadOnednn } from '../../../src-main/engine/backend/onednnAddon';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../../src-main/services/appService';
import { createEngineHost, type EngineHost } from '../../../src-main/services/jobs/engineHost';
import { cleanup, tempDir } from '../../integration/server/helpers';

afterAll(cleanup);

/** A real engine host that records the backend reports asked of it. */
function recordingHost(asked: string[]): () => EngineHost {
  return () => {
    const host = createEngineHost();
    const ask = host.backendReport.bind(host);
    host.backendReport = (choice) => {
      asked.push(choice);
      return ask(choice);
    };
    return host;
  };
}

describe('the backend report', () => {
  for (const runQueue of [true, false]) {
    it(`is answered by the engine worker's ladder (${runQueue ? 'with the job queue' : 'browse-only'})`, async () => {
      const root = tempDir();
      const asked: string[] = [];
      const app = createAppService({
        appVersion: 'test',
        settingsFile: join(root, 'settings.json'),
        defaultDataDir: join(root, 'data'),
        runQueue,
        createHost: recordingHost(asked),
      });
      try {
        const report = await app.getBackendReport();
        expect(asked).toEqual(['auto']);
        // onednn where its addon is built (CI builds it), else wasm.
        const rung = loadOnednn().loaded ? 'onednn' : 'wasm';
        expect(report.chosen).toBe(rung);
        expect(report.why).toMatch(
          new RegExp(`^auto: node-gpu unavailable, webgpu .*; ${rung} is the first usable rung`),
        );
        expect(report.probes.map((p) => p.name)).toEqual([
          'node-gpu',
          'webgpu',
          'node',
          'onednn',
          'wasm',
          'cpu',
        ]);
        expect((await app.getVersions()).tfjs).toMatch(/^4\.\d+\.\d+$/);
      } finally {
        await app.close();
      }
    });
  }
});
