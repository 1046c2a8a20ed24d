/**
 * The Tanh layer's own tanh (src/tanh.ts) against `Math.tanh`: within 3 units in the last place
 * over every range its formulas cover, the special values exact, odd, monotonic, within [−1, 1].
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@nn/tensor';
import { tanh, tanhStatements, tanhTables } from '../src/tanh-function';

const view = new Float64Array(1);
const bits = new BigInt64Array(view.buffer);
/** How many doubles lie between a and b (both finite, of one sign). */
function ulps(a: number, b: number): number {
  view[0] = a;
  const ia = bits[0] as bigint;
  view[0] = b;
  const ib = bits[0] as bigint;
  return Number(ia > ib ? ia - ib : ib - ia);
}

describe('tanh', () => {
  it('is within 3 ulp of Math.tanh over each range of its formulas, both signs', () => {
    const rng = new Rng(7);
    const ranges = [
      [0, 1e-8], // tanh(x) = x to the last place
      [1e-8, 0.625], // the rational form
      [0.625, 1], // (e − 1)/(e + 1), where it is least exact
      [1, 3],
      [3, 10],
      [10, 22],
      [22, 800], // ±1
    ] as const;
    for (const [low, high] of ranges) {
      let worst = 0;
      for (let i = 0; i < 200_000; i++) {
        const x = (low + rng.uniform() * (high - low)) * (i % 2 ? -1 : 1);
        worst = Math.max(worst, ulps(tanh(x), Math.tanh(x)));
      }
      expect(worst, `[${low}, ${high}]`).toBeLessThanOrEqual(3);
    }
  });

  it('is exact at the special values: ±0 kept, ±1 at ±∞ and from 22 on, NaN', () => {
    expect(Object.is(tanh(0), 0)).toBe(true);
    expect(Object.is(tanh(-0), -0)).toBe(true);
    expect(tanh(Number.POSITIVE_INFINITY)).toBe(1);
    expect(tanh(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(tanh(22)).toBe(Math.tanh(22));
    expect(tanh(-1e300)).toBe(-1);
    expect(tanh(Number.NaN)).toBeNaN();
    for (const x of [5e-324, 1e-300, 1e-20, 2 ** -28]) expect(tanh(x)).toBe(x);
  });

  it('is odd, monotonic and within [−1, 1] on a fine grid, and at every double next to the joins of its formulas', () => {
    const faults: string[] = [];
    let previous = -1;
    const check = (x: number) => {
      const t = tanh(x);
      if (tanh(-x) !== -t) faults.push(`tanh(${-x}) ≠ −tanh(${x})`);
      if (t < previous) faults.push(`tanh(${x}) = ${t} < ${previous} just before`);
      if (Math.abs(t) > 1) faults.push(`|tanh(${x})| > 1`);
      previous = t;
    };
    for (let x = -30; x <= 30; x += 1 / 4096) check(x);
    for (const join of [0.625, 22]) {
      previous = -1;
      let x = join;
      for (let i = 0; i < 1000; i++) x -= Number.EPSILON * join; // 1000 doubles below the join …
      for (let i = 0; i < 2000; i++, x += Number.EPSILON * join) check(x); // … to 1000 above
    }
    expect(faults.slice(0, 5)).toEqual([]);
  });

  it('tanhStatements, the text generated code carries, computes the same bits', () => {
    const body = `let y;\n${tanhStatements('x', 'y', 'P', 'M')}\nreturn y;`;
    const statements = new Function('x', 'P', 'M', body) as (x: number, p: Float64Array, m: Float64Array) => number;
    const tables = tanhTables();
    const copy = (x: number) => statements(x, ...tables);
    const rng = new Rng(11);
    const faults: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const x = (rng.uniform() - 0.5) * (i % 3 === 0 ? 50 : i % 3 === 1 ? 4 : 1e-3);
      if (!Object.is(copy(x), tanh(x))) faults.push(x);
    }
    for (const x of [0, -0, 22, -22, 0.625, Number.NaN, Number.POSITIVE_INFINITY, 5e-324]) {
      if (!Object.is(copy(x), tanh(x))) faults.push(x);
    }
    expect(faults.slice(0, 5)).toEqual([]);
  });
});
