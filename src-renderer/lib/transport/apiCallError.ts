// The error a failed AppApi call throws in the renderer, whatever the transport: the message
// starts with the method's name, and `kind` (config, dataset, budget, store...) survives so the
// UI can say what went wrong and where.
import type { ErrorKind, WireError } from '../../../src-main/contract/errors';

export class ApiCallError extends Error {
  readonly kind: ErrorKind;
  readonly method: string;
  constructor(method: string, wire: Pick<WireError, 'name' | 'kind' | 'message'>) {
    // The edge may have labelled a validation error with its channel ('api:m: ', 'app:m: ').
    const message = wire.message.replace(new RegExp(`^(api|ws|app):${method}: `), '');
    super(`${method}: ${message}`);
    this.name = wire.name;
    this.kind = wire.kind;
    this.method = method;
  }
}

/** The kind of an error thrown by an AppApi call ('internal' for anything else). */
export function errorKind(error: unknown): ErrorKind {
  if (error instanceof ApiCallError) return error.kind;
  const kind = (error as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? (kind as ErrorKind) : 'internal';
}
