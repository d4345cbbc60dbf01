// Typed errors shared by every layer of NPAS Studio. Each expected failure has a class whose
// message names the offending value; `kind` survives serialisation across IPC, WebSocket and
// the worker boundary so a receiver can rebuild the right class.

/** Every kind of expected failure. Unexpected ones travel as 'internal'. */
export const ERROR_KINDS = [
  'config',
  'dataset',
  'backend',
  'budget',
  'architecture',
  'checkpoint',
  'store',
  'training',
  'executor',
  'bundle',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Base class: an expected failure with a machine-readable kind. */
export class NpasError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = new.target.name;
  }
}

/** A configuration value (flag, config file field, API argument) is invalid. */
export class ConfigError extends NpasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config', message, options);
  }
}

/** A dataset file or folder cannot be read as claimed. `file` names the offending path. */
export class DatasetError extends NpasError {
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('dataset', `${file}: ${message}`, options);
    this.file = file;
  }
}

/**
 * A folder holds none of the dataset layouts NPAS Studio reads (auto-detection found nothing).
 * `lookedFor` lists each layout it looked for, so the user sees what to give instead.
 */
export class DatasetNotRecognisedError extends DatasetError {
  readonly lookedFor: readonly string[];
  constructor(folder: string, lookedFor: readonly string[]) {
    super(folder, `no dataset recognised here. Looked for ${lookedFor.join('; ')}`);
    this.lookedFor = [...lookedFor];
  }
}

/** A compute backend is unavailable or failed to initialise. */
export class BackendError extends NpasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('backend', message, options);
  }
}

/** A parameter budget cannot be met by the chosen method and settings. */
export class BudgetError extends NpasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('budget', message, options);
  }
}

/** An architecture or design cannot be built (bad depth, shapes that do not chain, ...). */
export class ArchitectureError extends NpasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('architecture', message, options);
  }
}

/** A checkpoint file is missing, damaged or does not match the model. */
export class CheckpointError extends NpasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('checkpoint', message, options);
  }
}

/** Training cannot go on (the loss diverged to NaN or infinity). */
export class TrainingError extends NpasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('training', message, options);
  }
}

/**
 * A sweep executor cannot do what was asked: its tool is not installed (the message names the
 * executor and what to install), or the scheduler refused (its own message passed on).
 */
export class ExecutorError extends NpasError {
  readonly executor: string;
  constructor(executor: string, message: string, options?: { cause?: unknown }) {
    super('executor', message, options);
    this.executor = executor;
  }
}

/**
 * A run bundle (a run as self-contained files, written by a cluster task) cannot be imported:
 * partial, corrupt or from a newer format version. `path` names the bundle; nothing of a
 * refused bundle is imported.
 */
export class BundleError extends NpasError {
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('bundle', `${path}: ${message}`, options);
    this.path = path;
  }
}

/** A broken invariant: a bug in NPAS Studio, never the user's input. */
export class AssertionError extends NpasError {
  constructor(message: string) {
    super('internal', `assertion failed: ${message}`);
  }
}

/** Serialised form of an error, safe to send over any transport. */
export interface WireError {
  name: string;
  kind: ErrorKind;
  message: string;
  stack?: string;
}

/** Turns any thrown value into a WireError without losing its kind. */
export function toWireError(error: unknown): WireError {
  if (error instanceof NpasError) {
    return { name: error.name, kind: error.kind, message: error.message, stack: error.stack };
  }
  if (error instanceof Error) {
    return { name: error.name, kind: 'internal', message: error.message, stack: error.stack };
  }
  return { name: 'Error', kind: 'internal', message: String(error) };
}
