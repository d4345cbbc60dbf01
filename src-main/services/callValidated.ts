// One AppApi call at a transport's edge (IPC, HTTP, WebSocket): the method must be on the
// allow-list, its arguments must pass the contract's zod schema, and the outcome is an
// ApiResult whose error keeps its kind. Never throws. It lives in services, below every
// transport, so Electron IPC and the browser server share it without depending on each other.
import {
  APP_API_ARGS,
  isAppMethod,
  type ApiResult,
  type AppApi,
  type AppMethod,
} from '../contract/appApi';
import { formatIssues } from '../contract/config';
import { ConfigError, toWireError, type WireError } from '../contract/errors';

/** A checked call, or the error saying what is wrong with it. */
export type ValidatedCall =
  { ok: true; method: AppMethod; args: unknown[] } | { ok: false; error: WireError };

function plain(error: unknown): WireError {
  const wire = toWireError(error);
  // Stacks stay in the main process: the UI shows messages, and stacks leak paths.
  return { name: wire.name, kind: wire.kind, message: wire.message };
}

/** Checks the method name and the arguments; `label` prefixes the messages. */
export function validateCall(method: string, args: unknown, label = method): ValidatedCall {
  if (!isAppMethod(method)) {
    return { ok: false, error: plain(new ConfigError(`unknown method '${method}'`)) };
  }
  if (!Array.isArray(args)) {
    return {
      ok: false,
      error: plain(new ConfigError(`${label}: the arguments must be a JSON array`)),
    };
  }
  const parsed = APP_API_ARGS[method].safeParse(args);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error.issues);
    return { ok: false, error: plain(new ConfigError(`${label}: invalid arguments: ${issues}`)) };
  }
  return { ok: true, method, args: parsed.data as unknown[] };
}

/** Calls a validated method; an unexpected (internal) error is also logged with its stack. */
export async function invokeValidated(
  service: AppApi,
  call: Extract<ValidatedCall, { ok: true }>,
): Promise<ApiResult<unknown>> {
  try {
    const fn = service[call.method] as (...a: unknown[]) => Promise<unknown>;
    const value = await fn.apply(service, call.args);
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    const wire = plain(error);
    if (wire.kind === 'internal') console.error(`NPAS Studio: ${call.method} failed:`, error);
    return { ok: false, error: wire };
  }
}

/** Validates `args` for `method` and calls the service. */
export async function callValidated(
  service: AppApi,
  method: string,
  args: unknown,
  label = method,
): Promise<ApiResult<unknown>> {
  const call = validateCall(method, args, label);
  if (!call.ok) return { ok: false, error: call.error };
  return invokeValidated(service, call);
}
