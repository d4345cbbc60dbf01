// The browser-mode transport's request bodies: an optional argument left out by passing
// `undefined` is left out of the JSON array too. JSON turns an `undefined` array item into
// `null`, which the server's schemas refuse for an optional argument (the Sweeps view's
// "Cancel unfinished", cancelSweepCells(id, undefined), failed that way in the browser).
import { describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../src-renderer/lib/transport';

function recordingFetch(bodies: unknown[]): typeof fetch {
  return (async (_url: string, init: { body: string }) => {
    bodies.push(JSON.parse(init.body));
    return new Response(JSON.stringify({ ok: true, value: null }), {
      headers: { 'content-type': 'application/json' },
    });
  }) as unknown as typeof fetch;
}

describe('the browser-mode transport', () => {
  it('drops trailing undefined arguments instead of sending them as null', async () => {
    const bodies: unknown[] = [];
    const client = createHttpTransport({
      baseUrl: 'http://127.0.0.1:1',
      fetch: recordingFetch(bodies),
    });
    await client.cancelSweepCells('S1', undefined);
    await client.cancelSweepCells('S1', [2]);
    await client.listRuns(undefined);
    await client.getRun('R1', undefined);
    expect(bodies).toEqual([['S1'], ['S1', [2]], [], ['R1']]);
  });
});
