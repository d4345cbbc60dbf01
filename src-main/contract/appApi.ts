// The one contract between the UI and the main process. Every transport (Electron IPC, the
// browser mode's HTTP + WebSocket bridge) registers exactly APP_API_METHODS and nothing else;
// arguments are validated at the edge with the schemas in APP_API_ARGS.
import { z } from 'zod';
import type { WireError } from './errors';

/** One backend's availability, as the engine's ladder probed it. */
export interface BackendProbeWire {
  name: string;
  available: boolean;
  reason: string;
  device: 'gpu' | 'cpu';
}

/** Which backend the engine would use, and why. */
export interface BackendReportWire {
  chosen: string | null;
  why: string;
  probes: BackendProbeWire[];
}

/** Methods the UI may call. Each returns a promise of a plain, serialisable value. */
export interface AppApi {
  /** Probes the compute backends (tfjs-node-gpu, tfjs-node, wasm, cpu). */
  getBackendReport(): Promise<BackendReportWire>;
  /** Versions of the app and its runtime, for the About box and bug reports. */
  getVersions(): Promise<Record<string, string>>;
}

/** Every method name, the allow-list the transports register. */
export const APP_API_METHODS = ['getBackendReport', 'getVersions'] as const satisfies ReadonlyArray<
  keyof AppApi
>;

/** Compile-time check that APP_API_METHODS lists every key of AppApi. */
type Missing = Exclude<keyof AppApi, (typeof APP_API_METHODS)[number]>;
export const APP_API_COMPLETE: Missing extends never ? true : Missing = true;

/** Argument schemas (a tuple per method), checked before any service runs. */
export const APP_API_ARGS = {
  getBackendReport: z.tuple([]),
  getVersions: z.tuple([]),
} satisfies Record<(typeof APP_API_METHODS)[number], z.ZodType>;

/** What a transport returns for a call: a value or a serialised error. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: WireError };
