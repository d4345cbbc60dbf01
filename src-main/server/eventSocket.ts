// The browser mode's WebSocket at /events: pushes every AppEventMap event to each connected
// page as {type:'event', name, payload}, and accepts calls as {type:'call', id, method, args},
// answered {type:'result', id, result}. A message that fails validation gets
// {type:'error', id, error} naming the problem; the connection and the server stay up.
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppEventEnvelope } from '../contract/events';
import { jsonTextDepth, LIMITS, nestingMessage } from '../contract/limits';
import type { AppService } from '../services/appService';
import { invokeValidated, validateCall } from '../services/callValidated';

/** Largest message a client may send, in bytes (4 MiB); a larger one closes the socket with 1009. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

type Reply =
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'result'; id: unknown; result: unknown }
  | { type: 'error'; id: unknown; error: { name: string; kind: string; message: string } };

function send(socket: WebSocket, reply: Reply): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
}

function protocolError(socket: WebSocket, id: unknown, message: string): void {
  send(socket, {
    type: 'error',
    id: id ?? null,
    error: { name: 'ConfigError', kind: 'config', message },
  });
}

async function onMessage(service: AppService, socket: WebSocket, data: unknown): Promise<void> {
  let message: unknown;
  const text = String(data);
  if (jsonTextDepth(text) > LIMITS.jsonDepth) {
    protocolError(socket, null, `the message's ${nestingMessage()}`);
    return;
  }
  try {
    message = JSON.parse(text);
  } catch (error) {
    protocolError(socket, null, `the message is not JSON (${(error as Error).message})`);
    return;
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    protocolError(socket, null, 'a message must be an object {type:"call", id, method, args}');
    return;
  }
  const { type, id, method, args } = message as Record<string, unknown>;
  if (type !== 'call') {
    protocolError(
      socket,
      id,
      `unknown message type ${JSON.stringify(type)}; the only type is "call"`,
    );
    return;
  }
  if (typeof method !== 'string') {
    protocolError(socket, id, 'a call needs "method", the name of an AppApi method');
    return;
  }
  const call = validateCall(method, args ?? [], `ws:${method}`);
  if (!call.ok) {
    send(socket, { type: 'error', id: id ?? null, error: call.error });
    return;
  }
  send(socket, { type: 'result', id: id ?? null, result: await invokeValidated(service, call) });
}

/** A WebSocket server (no own port: upgrades are handed to it) bridged to the service. */
export function createEventSocket(service: AppService): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const off = service.subscribe((envelope: AppEventEnvelope) => {
    const text = JSON.stringify({ type: 'event', name: envelope.name, payload: envelope.payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(text);
  });
  wss.on('close', off);
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      onMessage(service, socket, data).catch((error: unknown) => {
        protocolError(socket, null, `the call could not be handled: ${(error as Error).message}`);
      });
    });
    // A client's error ends that client only. For a protocol error (a message over
    // MAX_MESSAGE_BYTES, a bad frame) ws has already sent the close frame (1009, 1002) and is
    // waiting for the client's: terminating here would reset the connection instead, so only a
    // socket still open (ws closed nothing) is dropped.
    socket.on('error', () => {
      if (socket.readyState === socket.OPEN) socket.terminate();
    });
  });
  return wss;
}
