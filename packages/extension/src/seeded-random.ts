import { ExtensionError } from './errors';

/** The four 32-bit words of a {@link SeededRandom}'s state. */
export type RandomState = readonly [number, number, number, number];

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** One step of splitmix32: spreads a small seed over 32 well-mixed bits. */
function splitmix32(state: { value: number }): number {
  state.value = (state.value + 0x9e3779b9) | 0;
  let z = state.value;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Deterministic pseudo-random numbers: xoshiro128** seeded through splitmix32.
 * The same seed gives the same sequence on every platform, which is what makes shuffles,
 * subsets, data splits and weight initialisation reproducible. Not for cryptography.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** `seed` is any safe integer (negative and above 2^32 included). */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new ExtensionError('INVALID_ARGUMENT', `seed must be a safe integer, got ${seed}`);
    }
    const high = Math.floor(seed / 4294967296) | 0;
    const mixer = { value: (seed | 0) ^ Math.imul(high, 0x27d4eb2d) };
    this.s0 = splitmix32(mixer);
    this.s1 = splitmix32(mixer);
    this.s2 = splitmix32(mixer);
    this.s3 = splitmix32(mixer);
  }

  /** Resumes a generator from a state saved with {@link SeededRandom.state}. */
  static fromState(state: RandomState): SeededRandom {
    if (state.every((word) => (word | 0) === 0)) {
      throw new ExtensionError('INVALID_ARGUMENT', 'xoshiro128** state must not be all zeros');
    }
    const random = new SeededRandom(0);
    [random.s0, random.s1, random.s2, random.s3] = state.map((word) => word | 0);
    return random;
  }

  /** The current state as unsigned 32-bit words. */
  state(): RandomState {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }

  /** Uniform integer in [0, n), without modulo bias. `n` must be in [1, 2^32]. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) {
      throw new ExtensionError('INVALID_ARGUMENT', `nextInt bound must be an integer in [1, 2^32], got ${n}`);
    }
    // Reject the top partial block of 2^32 so every residue is equally likely.
    const limit = 4294967296 - (4294967296 % n);
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return value % n;
  }

  /** Standard normal sample (Box–Muller, one value per call). */
  nextNormal(): number {
    const u1 = 1 - this.nextFloat(); // in (0, 1], so the log is finite
    const u2 = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [index: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const held = array[i];
      array[i] = array[j];
      array[j] = held;
    }
    return array;
  }
}

/** A seed, or a generator to draw from (so several draws can share one stream). */
export type SeedOrRandom = number | SeededRandom;

/** Turns a seed into a fresh generator; passes a generator through. */
export function toRandom(seed: SeedOrRandom): SeededRandom {
  return typeof seed === 'number' ? new SeededRandom(seed) : seed;
}

/** A uniformly random permutation of 0..n-1. */
export function permutation(n: number, seed: SeedOrRandom): Int32Array {
  if (!Number.isInteger(n) || n < 0) {
    throw new ExtensionError('INVALID_ARGUMENT', `permutation length must be a non-negative integer, got ${n}`);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return toRandom(seed).shuffle(order);
}
