import { assertPositiveInteger, InvalidOptionError } from './errors';

/**
 * A seeded pseudo-random number generator: xoshiro128** seeded through splitmix32.
 *
 * Only 32-bit integer arithmetic is used to make the bits, so the same seed gives the same
 * sequence on every machine and in every JavaScript engine. All randomness in `nn` (initial
 * weights, shuffling, dropout masks) goes through an `Rng` that the caller passes in.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** @param seed any integer; two generators with the same seed produce the same sequence. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new InvalidOptionError(`Rng: seed must be a safe integer, got ${seed}`);
    }
    // splitmix32 spreads the seed over the four words of state (never all zero).
    let x = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x ^ hi;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The next 32 random bits, as an unsigned integer in [0, 2³²). */
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

  /** A uniform float in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A standard normal sample (mean 0, variance 1), by the Box–Muller transform. */
  normal(): number {
    const u1 = 1 - this.uniform(); // in (0, 1], so the log is finite
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    assertPositiveInteger('Rng.int', 'n', n);
    return Math.floor(this.uniform() * n);
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
