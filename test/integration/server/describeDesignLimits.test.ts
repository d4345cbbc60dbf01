// Issue #9 item 4 in browser mode: one describeDesign request with a huge WRN wedged `npas serve`.
// Every input that sizes work is now checked by the contract's schema at the edge, so the server
// answers 400 at once with a message naming the value and the limit, and keeps serving.
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src-main/contract/limits';
import { startServer, type RunningServer } from '../../../src-main/server/startServer';
import type { AppService } from '../../../src-main/services/appService';
import { cleanup, fakeRenderer, tempService } from './helpers';

let server: RunningServer | undefined;
let service: AppService | undefined;

async function origin(): Promise<string> {
  if (!server) {
    service = tempService();
    server = await startServer({ service, port: 0, rendererDir: fakeRenderer() });
  }
  return server.origin;
}

afterAll(async () => {
  await server?.close();
  await service?.close();
  cleanup();
});

async function describeDesign(request: unknown): Promise<{ status: number; message: string }> {
  const response = await fetch(`${await origin()}/api/describeDesign`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([request]),
  });
  const body = (await response.json()) as { error?: { message: string } };
  return { status: response.status, message: body.error?.message ?? '' };
}

const flatten = { type: 'flatten' };
const oversized: Array<[string, unknown, RegExp]> = [
  [
    'WRN depth',
    { arch: 'wrn-1000000000000000000000000000000-1' },
    /WRN depth 1000000000000000000000000000000 is over the limit of 1000\b/,
  ],
  ['WRN width', { arch: 'wrn-28-1000' }, /WRN width 1000 is over the limit of 64\b/],
  ['ResNet depth', { arch: 'resnet-99998' }, /ResNet depth 99998 is over the limit of 1202\b/],
  [
    'input size',
    { arch: 'cnn', input: '99999x99999x3' },
    /input height 99999 is over the limit of 4096\b/,
  ],
  [
    'class count',
    { arch: 'cnn', classes: 1_000_000_000 },
    /classes 1000000000 is over the limit of 100000\b/,
  ],
  [
    'design layer count',
    {
      arch: 'design',
      design: { layers: Array.from({ length: LIMITS.designLayers + 1 }, () => flatten) },
    },
    /a design of 257 layers is over the limit of 256/,
  ],
  [
    'design layer width',
    { arch: 'design', design: { layers: [{ type: 'dense', units: 1e12 }] } },
    /units 1000000000000 is over the limit of 65536/,
  ],
];

describe('describeDesign limits over HTTP', () => {
  it.each(oversized)(
    'answers an oversized %s with 400 naming value and limit',
    async (_, request, message) => {
      const answer = await describeDesign(request);
      expect(answer.status).toBe(400);
      expect(answer.message).toMatch(message);
    },
  );

  it('keeps describing real networks after refusing oversized ones', async () => {
    await describeDesign({ arch: 'wrn-1000000000000000000000000000000-1' });
    const response = await fetch(`${await origin()}/api/describeDesign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ arch: 'wrn-28-20', input: '224x224x3', classes: 22000 }]),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { value: { valid: boolean; totalParams: number } };
    expect(body.value.valid).toBe(true);
    expect(body.value.totalParams).toBeGreaterThan(145_000_000);
  });

  it('answers run configs over the limits (inspect) with 400: budget, batch size, epochs, nesting', async () => {
    const inspect = async (config: unknown) => {
      const response = await fetch(`${await origin()}/api/inspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([config]),
      });
      const body = (await response.json()) as { error?: { message: string } };
      return { status: response.status, message: body.error?.message ?? '' };
    };
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    const cases: Array<[unknown, RegExp]> = [
      [
        { method: 'ssn', budget: '100000000000000000000%' },
        /budget 100000000000000000000% is over the limit of 1000%/,
      ],
      [
        { method: 'ssn', budget: 1e20 },
        /budget 100000000000000000000 is over the limit of 1000000000 parameters/,
      ],
      [{ training: { batchSize: 1e6 } }, /batch size 1000000 is over the limit of 65536/],
      [{ training: { epochs: 1e7 } }, /epochs 10000000 is over the limit of 100000/],
      [{ ssn: { groups: deep } }, /nesting depth more than 64 is over the limit of 64/],
    ];
    for (const [config, message] of cases) {
      const answer = await inspect(config);
      expect(answer.status).toBe(400);
      expect(answer.message).toMatch(message);
    }
  });
});
