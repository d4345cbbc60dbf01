// Run ids: 26-character, time-ordered strings (ULID layout: 48-bit milliseconds then 80 random
// bits, Crockford base32), so ids sort by creation and never collide across machines.
import { randomBytes } from 'node:crypto';

/** A run's id, branded so a plain string is not passed where an id is expected. */
export type RunId = string & { readonly __runId: never };

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new id for a run created at `now` (ms since the epoch). */
export function newRunId(now: number = Date.now()): RunId {
  let time = '';
  let rest = Math.floor(now);
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  // Ids need uniqueness, not reproducibility, so they come from crypto rather than the seeded
  // rng that training uses.
  const bytes = randomBytes(16);
  let random = '';
  for (let i = 0; i < 16; i++) random += ALPHABET[bytes[i] % 32];
  return (time + random) as RunId;
}

/** Treats a string from outside (CLI argument, IPC) as a run id; the lookup decides if it exists. */
export function asRunId(id: string): RunId {
  return id as RunId;
}
