// Reads a context that a screen can live without (it is mounted alone in tests or by an older
// shell): createContext's getter throws when nothing was provided, which here just means "none".

/** `get()`, or null when no ancestor provided the context. */
export function optionalContext<T>(get: () => T): T | null {
  try {
    return get();
  } catch (error) {
    // Only the "not provided" failure is expected; anything else must surface.
    if (error instanceof Error && /missing_context/.test(error.message)) return null;
    throw error;
  }
}
