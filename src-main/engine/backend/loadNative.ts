// Loads the optional native bindings (@tensorflow/tfjs-node-gpu, @tensorflow/tfjs-node) at most
// once per process: both register the tfjs backend 'tensorflow' over one libtensorflow, so once
// one has loaded the other must not be imported (docs/compute.md "What installs where").

export type NativePackage = '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node';

/** Outcome of importing one native package. */
export interface NativeLoad {
  pkg: NativePackage;
  loaded: boolean;
  /** Why it did not load (absent when it did). */
  error?: string;
  /** Whether the package is installed (false: the optional dependency is simply absent). */
  installed?: boolean;
  version?: string;
}

const outcomes = new Map<NativePackage, Promise<NativeLoad>>();
let queue: Promise<unknown> = Promise.resolve();

/** The package that loaded in this process, if any. */
let loadedPackage: NativePackage | null = null;

/** Imports `pkg` unless it (or its sibling) was tried before; never throws. */
export function loadNative(pkg: NativePackage): Promise<NativeLoad> {
  const known = outcomes.get(pkg);
  if (known) return known;
  // Serialised so two concurrent probes cannot both import a binding.
  const outcome = queue.then(() => attempt(pkg));
  queue = outcome;
  outcomes.set(pkg, outcome);
  return outcome;
}

/** Which native package is loaded in this process (null: none). */
export function loadedNativePackage(): NativePackage | null {
  return loadedPackage;
}

async function attempt(pkg: NativePackage): Promise<NativeLoad> {
  if (loadedPackage !== null && loadedPackage !== pkg) {
    return {
      pkg,
      loaded: false,
      error: `not loaded: ${loadedPackage} is already loaded in this process and the two cannot both load`,
    };
  }
  try {
    // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
    const specifier: string = pkg;
    const mod = (await import(/* @vite-ignore */ specifier)) as {
      version?: Record<string, string>;
    };
    loadedPackage = pkg;
    const short = pkg.replace('@tensorflow/', '');
    return { pkg, loaded: true, version: mod.version?.[short] ?? mod.version?.['tfjs-node'] };
  } catch (error) {
    const message = describeLoadError(pkg, error);
    return {
      pkg,
      loaded: false,
      error: message,
      installed: !message.startsWith('Cannot find module'),
    };
  }
}

/** One line saying why `pkg` failed to import; a missing optional dependency is the usual case. */
export function describeLoadError(pkg: NativePackage, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const missing =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)|Failed to (load|resolve)/.test(message);
  if (missing && message.includes(pkg)) {
    return `Cannot find module '${pkg}' (optional dependency not installed; its install downloads libtensorflow)`;
  }
  return `failed to load ${pkg}: ${message.split('\n')[0]}`;
}
