// Seeded pseudo-random numbers for everything the engine randomises (initialisation, shuffling,
// splits, augmentation), so a run with the same seed repeats exactly on the same backend.
// SplitMix32 seeds a xoshiro128** generator; `fork` derives independent named streams.

/** A deterministic random stream. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** An independent stream derived from this seed and a label. */
  fork(label: string): Rng;
  /** Internal state, for checkpoints. */
  state(): number[];
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Creates a stream from a seed, or resumes one from a saved `state()`. */
export function createRng(seed: number, saved?: number[]): Rng {
  const init = splitmix32(seed);
  const s = saved ? Uint32Array.from(saved) : Uint32Array.from([init(), init(), init(), init()]);
  let spare: number | null = null;
  const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));
  const nextU32 = () => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n) => Math.floor(rng.next() * n),
    normal: () => {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      let u = 0;
      while (u === 0) u = rng.next();
      const v = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => createRng((seed ^ hashLabel(label)) >>> 0),
    state: () => Array.from(s),
  };
  return rng;
}

/** Fisher–Yates shuffle of 0..n-1 with the given stream. */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
