// Invariant helpers: `assert` for conditions that only a bug can break, `missingCase` to make
// switches over unions exhaustive at compile time.
import { AssertionError } from './errors';

/** Throws an AssertionError when `condition` is false. For invariants, not for user input. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Marks the unreachable default of an exhaustive switch. */
export function missingCase(value: never): never {
  throw new AssertionError(`unhandled case ${JSON.stringify(value)}`);
}
