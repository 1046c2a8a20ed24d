import { InvalidOptionError } from '@nn/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, DataFormatError, MinMaxScaler, Standardizer } from '../src/index';

// measurements to 3 decimals (no subnormal spreads, whose variance underflows to 0)
const values = fc.array(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => Math.round(x * 1000) / 1000),
  { minLength: 1, maxLength: 30 },
);
const closeTo = (a: readonly number[], b: readonly number[], scale: number) =>
  a.forEach((v, i) => expect(Math.abs(v - (b[i] as number))).toBeLessThanOrEqual(1e-9 * Math.max(1, scale)));

describe('Standardizer', () => {
  it('learns μ and σ (over n) and gives z = (x − μ) / σ', () => {
    const s = Standardizer.fit([1, 2, 3, 4]); // μ = 2.5, σ² = (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(s.transform([1, 2.5, 4])).toEqual([-1.5 / Math.sqrt(1.25), 0, 1.5 / Math.sqrt(1.25)]);
    expect(s.inverseTransform([0, 1])).toEqual([2.5, 2.5 + Math.sqrt(1.25)]);
    expect(String(s)).toBe('Standardizer(μ=2.5, σ=1.118)');
  });

  it('gives a constant column σ = 1, so it becomes zeros', () => {
    const s = Standardizer.fit([5, 5, 5]);
    expect(s.std).toBe(1);
    expect(s.transform([5, 6])).toEqual([0, 1]);
  });

  it('makes the training values mean 0 and standard deviation 1, and inverseTransform ∘ transform = identity (property)', () => {
    fc.assert(
      fc.property(values, (x) => {
        const s = Standardizer.fit(x);
        const z = s.transform(x);
        const range = Math.max(...x.map(Math.abs));
        expect(Math.abs(z.reduce((a, v) => a + v, 0) / z.length)).toBeLessThan(1e-6);
        if (new Set(x).size > 1) {
          expect(Math.abs(Math.sqrt(z.reduce((a, v) => a + v * v, 0) / z.length) - 1)).toBeLessThan(1e-6);
        }
        closeTo(s.inverseTransform(z), x, range);
      }),
    );
  });

  it('round-trips through JSON and checks it on the way in', () => {
    const s = Standardizer.fit([1, 2, 3, 4]);
    const back = Standardizer.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(back).toEqual(s);
    expect(() => Standardizer.fromJSON({ type: 'Standardizer', mean: 1 }, 'scaler')).toThrow(
      new DataFormatError('scaler', 'missing field "std"'),
    );
    expect(() => Standardizer.fromJSON({ type: 'Standardizer', mean: 1, std: 0 }, 's')).toThrow(
      new DataFormatError('s.std', 'expected a number > 0, got 0'),
    );
    expect(() => Standardizer.fromJSON({ type: 'Standardizer', mean: null, std: 1 }, 's')).toThrow(
      new DataFormatError('s.mean', 'expected a finite number, got null'),
    );
    expect(() => Standardizer.fromJSON({ type: 'MinMaxScaler', mean: 1, std: 1 }, 's')).toThrow(
      new DataFormatError('s.type', 'expected "Standardizer", got "MinMaxScaler"'),
    );
    expect(() => Standardizer.fromJSON({ type: 'Standardizer', mean: 1, std: 1, scale: 2 }, 's')).toThrow(
      new DataFormatError('s.scale', 'unknown field, expected only type, mean, std'),
    );
    expect(() => Standardizer.fromJSON([], 's')).toThrow(
      new DataFormatError('s', 'expected an object, got an array of length 0'),
    );
  });

  it('refuses values that are not finite numbers, and a bad μ or σ', () => {
    expect(() => Standardizer.fit([1, Number.NaN])).toThrow(
      new DataError('Standardizer.fit: values[1] is NaN, expected a finite number'),
    );
    expect(() => Standardizer.fit([])).toThrow(/expected a non-empty array of values/);
    expect(() => Standardizer.fit(['1'] as never)).toThrow(/values\[0\] is "1"/);
    expect(() => new Standardizer(0, -1)).toThrow(InvalidOptionError);
    expect(() => new Standardizer(Number.POSITIVE_INFINITY, 1)).toThrow(InvalidOptionError);
  });
});

describe('MinMaxScaler', () => {
  it('maps the training range onto [0, 1] or the range given', () => {
    const s = MinMaxScaler.fit([2, 4, 10]);
    expect(s.transform([2, 6, 10, 12])).toEqual([0, 0.5, 1, 1.25]);
    expect(s.inverseTransform([0, 0.5, 1])).toEqual([2, 6, 10]);
    const t = MinMaxScaler.fit([2, 4, 10], { range: [-1, 1] });
    expect(t.transform([2, 6, 10, 12])).toEqual([-1, 0, 1, 1.5]);
    expect(String(t)).toBe('MinMaxScaler(2…10 → -1…1)');
  });

  it('maps a constant column to the range start, and back', () => {
    const s = MinMaxScaler.fit([3, 3]);
    expect(s.transform([3, 4])).toEqual([0, 1]);
    expect(s.inverseTransform([0])).toEqual([3]);
  });

  it('puts the training values in [a, b], and inverseTransform ∘ transform = identity (property)', () => {
    fc.assert(
      fc.property(values, (x) => {
        const s = MinMaxScaler.fit(x, { range: [-1, 1] });
        const y = s.transform(x);
        for (const v of y) expect(v >= -1 - 1e-12 && v <= 1 + 1e-12).toBe(true);
        closeTo(s.inverseTransform(y), x, Math.max(...x.map(Math.abs)));
      }),
    );
  });

  it('round-trips through JSON and checks it on the way in', () => {
    const s = MinMaxScaler.fit([2, 4, 10], { range: [-1, 1] });
    expect(MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(s)))).toEqual(s);
    const json = { type: 'MinMaxScaler', min: 1, max: 2, range: [0, 1] };
    expect(() => MinMaxScaler.fromJSON({ ...json, max: 0 }, 'm')).toThrow(
      new DataFormatError('m.max', 'expected a number ≥ min (1), got 0'),
    );
    expect(() => MinMaxScaler.fromJSON({ ...json, range: [1, 0] }, 'm')).toThrow(
      new DataFormatError('m.range', 'expected [a, b] with a < b, got [1,0]'),
    );
    expect(() => MinMaxScaler.fromJSON({ ...json, range: [0] }, 'm')).toThrow(
      new DataFormatError('m.range', 'expected an array of 2 finite numbers, got an array of length 1'),
    );
  });

  it('refuses a bad range or bounds', () => {
    expect(() => MinMaxScaler.fit([1, 2], { range: [1, 1] })).toThrow(InvalidOptionError);
    expect(() => new MinMaxScaler(2, 1)).toThrow(InvalidOptionError);
    expect(() => MinMaxScaler.fit([1, Number.POSITIVE_INFINITY])).toThrow(DataError);
  });
});

describe('values whose spread overflows a float64', () => {
  it('are refused, saying so, rather than scaled with σ = 1 or a width of Infinity', () => {
    // Σ (x − μ)² and max − min are Infinity here: σ = 1 left 1e308 unscaled; min-max gave 0 and NaN
    expect(() => Standardizer.fit([1e308, -1e308, 1e308])).toThrow(
      new DataError(
        'Standardizer.fit: the values spread too far for a float64 (their variance overflows to Infinity); divide the column by a power of ten first',
      ),
    );
    expect(() => MinMaxScaler.fit([1e308, -1e308])).toThrow(
      new DataError(
        'MinMaxScaler.fit: the values spread too far for a float64 (max − min overflows to Infinity); divide the column by a power of ten first',
      ),
    );
    expect(Standardizer.fit([1e150, -1e150]).std).toBe(1e150);
    expect(MinMaxScaler.fit([0, 1e308]).transform([5e307])).toEqual([0.5]);
  });
});
