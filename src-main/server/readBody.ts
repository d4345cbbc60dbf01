// Reads a POST body for `npas serve` within a size limit (issue #9, item 4): a body whose
// Content-Length is over the limit is refused before a byte of it is read, and a streamed one as
// soon as its bytes pass the limit, so no client can make the server buffer more than that.
import type { IncomingMessage } from 'node:http';
import { ConfigError } from '../contract/errors';

/** Largest request body, in bytes (4 MiB): calls carry small JSON arguments, never data. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A request body over MAX_BODY_BYTES; the server answers it with 413. */
export class BodyTooLargeError extends ConfigError {
  constructor(size: number | null) {
    super(
      size === null
        ? `the request body is over the limit of ${MAX_BODY_BYTES} bytes`
        : `the request body is ${size} bytes, over the limit of ${MAX_BODY_BYTES} bytes`,
    );
    this.name = 'BodyTooLargeError';
  }
}

/** The announced Content-Length when it is over the limit, else null. */
export function oversizedLength(request: IncomingMessage): number | null {
  const length = Number(request.headers['content-length']);
  return Number.isFinite(length) && length > MAX_BODY_BYTES ? length : null;
}

/**
 * The body as text. Rejects with BodyTooLargeError as soon as the body is known to be too
 * large; what the client still sends is then read and dropped (up to another MAX_BODY_BYTES,
 * after which the connection is cut), so the client reads the 413 instead of a reset.
 */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const announced = oversizedLength(request);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = (error: BodyTooLargeError) => {
      refused = true;
      chunks.length = 0;
      reject(error);
    };
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > 2 * MAX_BODY_BYTES) request.destroy();
        return;
      }
      if (size > MAX_BODY_BYTES) {
        refuse(new BodyTooLargeError(null));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!refused) resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', (error) => {
      if (!refused) reject(error);
    });
    if (announced !== null) refuse(new BodyTooLargeError(announced));
  });
}
