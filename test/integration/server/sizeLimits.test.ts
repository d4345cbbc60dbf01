// Bounds on what a client may send to `npas serve` (issue #9, item 4): an HTTP body over the
// limit is answered 413 as soon as its Content-Length or its streamed bytes pass the limit, and
// a WebSocket message over the limit closes that socket with code 1009, not a reset.
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src-main/contract/limits';
import { MAX_MESSAGE_BYTES } from '../../../src-main/server/eventSocket';
import {
  MAX_BODY_BYTES,
  startServer,
  type RunningServer,
} from '../../../src-main/server/startServer';
import type { AppService } from '../../../src-main/services/appService';
import { cleanup, fakeRenderer, openSocket, tempService } from './helpers';

const open: { server: RunningServer; service: AppService }[] = [];

async function serve() {
  const service = tempService();
  const server = await startServer({ service, port: 0, rendererDir: fakeRenderer() });
  open.push({ server, service });
  return server;
}

afterEach(async () => {
  for (const { server, service } of open.splice(0)) {
    await server.close();
    await service.close();
  }
});
afterAll(cleanup);

/** Status and body of a POST whose body is produced by `write` (until the answer arrives). */
function postRaw(
  server: RunningServer,
  headers: Record<string, string | number>,
  write: (chunk: (data: Buffer) => boolean, answered: () => boolean) => void,
): Promise<{ status: number; body: string; continued: boolean }> {
  return new Promise((resolve, reject) => {
    let done = false;
    let continued = false;
    const request = httpRequest(`${server.origin}/api/getSettings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
    });
    request.on('continue', () => (continued = true));
    request.on('response', (response: IncomingMessage) => {
      done = true;
      let body = '';
      response.on('data', (data: Buffer) => (body += data.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, continued }));
    });
    request.on('error', (error) => {
      if (!done) reject(error);
    });
    request.flushHeaders();
    write(
      (data) => request.write(data),
      () => done,
    );
  });
}

describe('size limits of npas serve', () => {
  it('answers 413 at once to a body whose Content-Length is over the limit, naming the limit', async () => {
    const server = await serve();
    const started = Date.now();
    // Only the headers are sent: the answer must not wait for (or read) the announced body.
    const answer = await postRaw(server, { 'content-length': MAX_BODY_BYTES + 1 }, () => {});
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({
      ok: false,
      error: {
        kind: 'config',
        message: `the request body is ${MAX_BODY_BYTES + 1} bytes, over the limit of ${MAX_BODY_BYTES} bytes`,
      },
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers 413 instead of "100 Continue" to a client that waits before sending a body over the limit', async () => {
    const server = await serve();
    const answer = await postRaw(
      server,
      { 'content-length': 64 * MAX_BODY_BYTES, expect: '100-continue' },
      () => {},
    );
    expect(answer).toMatchObject({ status: 413, continued: false });
    expect(JSON.parse(answer.body).error.message).toBe(
      `the request body is ${64 * MAX_BODY_BYTES} bytes, over the limit of ${MAX_BODY_BYTES} bytes`,
    );
    // A small body that waits for 100 Continue is still served.
    const small = await postRaw(server, { 'content-length': 2, expect: '100-continue' }, (write) =>
      write(Buffer.from('[]')),
    );
    expect(small).toMatchObject({ status: 200, continued: true });
  });

  it('answers 413 to a streamed (chunked) body once its bytes pass the limit', async () => {
    const server = await serve();
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    let sent = 0;
    const answer = await postRaw(server, { 'transfer-encoding': 'chunked' }, (write, answered) => {
      const pump = () => {
        // Keep streaming (well past the limit if the server never answers) until it does.
        while (!answered() && sent < 4 * MAX_BODY_BYTES) {
          sent += chunk.length;
          if (!write(chunk)) return void setTimeout(pump, 1);
        }
      };
      pump();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toBe(
      `the request body is over the limit of ${MAX_BODY_BYTES} bytes`,
    );
    expect(sent).toBeLessThan(2 * MAX_BODY_BYTES);
  });

  it('refuses a body or WebSocket message nested deeper than the JSON limit before parsing it', async () => {
    const server = await serve();
    const deep = '['.repeat(LIMITS.jsonDepth + 1) + ']'.repeat(LIMITS.jsonDepth + 1);
    const response = await fetch(`${server.origin}/api/getSettings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: deep,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/nesting depth more than 64 is over the limit of 64/);
    const { socket, messages } = await openSocket(`${server.origin.replace('http', 'ws')}/events`);
    socket.send(`{"type":"call","id":1,"method":"getSettings","args":${deep}}`);
    await new Promise((resolve) => socket.once('message', resolve));
    expect(messages[0]).toMatchObject({ type: 'error' });
    expect(JSON.stringify(messages[0])).toMatch(/nesting depth more than 64/);
    socket.close();
  });

  it('closes a WebSocket whose message is over the limit with code 1009 and keeps serving others', async () => {
    const server = await serve();
    const ws = `${server.origin.replace('http', 'ws')}/events`;
    const { socket } = await openSocket(ws);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const errors: string[] = [];
    socket.on('error', (error) => errors.push(error.message));
    // Well over the limit, so the client is still sending when the server refuses it.
    socket.send(Buffer.alloc(4 * MAX_MESSAGE_BYTES, 0x20));
    const { code } = await closed;
    expect(code).toBe(1009);
    expect(errors).toEqual([]); // a closing handshake, not a reset
    const other = await openSocket(ws);
    other.socket.send(JSON.stringify({ type: 'call', id: 1, method: 'getSettings', args: [] }));
    await new Promise((resolve) => other.socket.once('message', resolve));
    expect(other.messages[0]).toMatchObject({ type: 'result', id: 1, result: { ok: true } });
    other.socket.close();
  });

  it('closes after an oversized WebSocket message with a closing handshake, not a connection reset', async () => {
    const server = await serve();
    const raw = await rawUpgrade(server);
    const events: string[] = [];
    raw.on('error', (error) => events.push(`error ${error.message}`));
    raw.on('end', () => events.push('end'));
    const closed = new Promise<boolean>((resolve) => raw.once('close', resolve));
    // A masked binary frame announcing one byte over the limit, then part of its payload.
    const header = Buffer.alloc(14);
    header[0] = 0x82;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(MAX_MESSAGE_BYTES + 1), 2);
    randomBytes(4).copy(header, 10);
    raw.write(Buffer.concat([header, Buffer.alloc(64 * 1024)]));
    const closeFrame = await new Promise<Buffer>((resolve) => raw.once('data', resolve));
    expect([...closeFrame]).toEqual([0x88, 0x02, 0x03, 0xf1]); // close, code 1009
    // ws half-closes (FIN) and discards what still arrives: the client can finish sending and
    // answer the close frame; a reset would fail this write or the close with ECONNRESET.
    raw.write(Buffer.alloc(64 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const mask = randomBytes(4);
    const code = Buffer.from([0x03 ^ mask[0], 0xf1 ^ mask[1]]);
    raw.end(Buffer.concat([Buffer.from([0x88, 0x82]), mask, code]));
    const hadError = await closed;
    expect(events).toEqual(['end']);
    expect(hadError).toBe(false);
  }, 10_000);
});

/** A TCP socket that has completed the WebSocket upgrade to /events (frames are sent by hand). */
function rawUpgrade(server: RunningServer): Promise<Socket> {
  return new Promise((resolve, reject) => {
    // Half-open allowed: after the server's FIN the test still sends its own close frame.
    const socket = connect({ port: server.port, host: '127.0.0.1', allowHalfOpen: true });
    socket.once('error', reject);
    socket.write(
      `GET /events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
    );
    socket.once('data', (data: Buffer) => {
      socket.off('error', reject);
      const text = data.toString('latin1');
      if (!text.startsWith('HTTP/1.1 101') || !text.endsWith('\r\n\r\n')) {
        reject(new Error(`unexpected upgrade answer: ${text}`));
        return;
      }
      resolve(socket);
    });
  });
}
