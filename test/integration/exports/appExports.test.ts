// Export model and Evaluate through the app service and browser mode: the API writes the file
// under the run's exports folder, GET /downloads/<run>/<file> returns its bytes, a path that
// leaves that folder is refused, and evaluateRun reports top-1, top-5 and loss.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src-main/server/startServer';
import type { AppService } from '../../../src-main/services/appService';
import { cleanup, fakeRenderer, tempService } from '../server/helpers';
import { recordTrainedRun, trainTiny } from './trainedRun';

describe('Export model and Evaluate in the app', () => {
  let service: AppService;
  let server: RunningServer;
  let runId: string;
  beforeAll(async () => {
    const trained = await trainTiny();
    service = tempService();
    runId = recordTrainedRun(service.dataDirPath!, trained.dir);
    server = await startServer({ service, port: 0, rendererDir: fakeRenderer() });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await service?.close();
    cleanup();
  });

  // One connection per request (agent: false): the exports block the event loop for seconds,
  // and a kept-alive socket reused across that is a source of resets unrelated to the feature.
  const send = (path: string, body?: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
      (resolve, reject) => {
        const url = new URL(path, server.origin);
        const req = httpRequest(
          url,
          {
            method: body === undefined ? 'GET' : 'POST',
            agent: false,
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks),
              }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      },
    );
  const call = async (method: string, args: unknown[]) => {
    const response = await send(`/api/${method}`, JSON.stringify(args));
    return JSON.parse(response.body.toString('utf8')) as {
      ok: boolean;
      value?: never;
      error?: { message: string };
    };
  };

  it('exports the run as ONNX under its folder and browser mode downloads the same bytes', async () => {
    const result = await call('exportModel', [runId, { format: 'onnx' }]);
    expect(result.ok).toBe(true);
    const value = result.value as unknown as { path: string; files: string[]; bytes: number };
    expect(value.files).toEqual([`${runId}.onnx`]);
    const response = await send(`/downloads/${runId}/${value.files[0]}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toContain(`${runId}.onnx`);
    expect(new Uint8Array(response.body)).toEqual(new Uint8Array(readFileSync(value.path)));
  });

  it('lists both files of a TF.js export for download', async () => {
    const result = await call('exportModel', [runId, { format: 'tfjs' }]);
    expect(result.error?.message ?? '').toBe('');
    const value = result.value as unknown as { files: string[] };
    expect(value.files.sort()).toEqual([`${runId}-tfjs/model.json`, `${runId}-tfjs/weights.bin`]);
    expect((await send(`/downloads/${runId}/${value.files[0]}`)).status).toBe(200);
  });

  it("refuses a download path outside the run's exports folder and an unknown format", async () => {
    expect((await send(`/downloads/${runId}/..%2F..%2F..%2Fnpas.db`)).status).toBe(404);
    const bad = await call('exportModel', [runId, { format: 'pdf' }]);
    expect(bad.ok).toBe(false);
    expect(bad.error!.message).toContain('unknown export format "pdf"');
  });

  it('evaluates the run with top-1, top-5 and loss', async () => {
    const result = await call('evaluateRun', [runId]);
    expect(result.ok).toBe(true);
    const value = result.value as unknown as {
      count: number;
      top1: number;
      top5: number;
      loss: number;
    };
    expect(value.count).toBe(1000);
    expect(value.top5).toBeGreaterThanOrEqual(value.top1);
  }, 60_000);
});
