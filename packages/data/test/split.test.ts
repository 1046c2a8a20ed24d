import { InvalidOptionError } from '@nn/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, kFold, splitRows } from '../src/index';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
/** n rows, each of one of `k` classes. */
const labelled = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 120 }))
  .chain(([k, n]) => fc.array(fc.constantFrom(...['a', 'b', 'c', 'd'].slice(0, k)), { minLength: n, maxLength: n }));
const fraction = fc.double({ min: 0, max: 0.45, noNaN: true });

describe('splitRows', () => {
  it('splits with a seed: the same seed, the same rows; sizes by largest remainder', () => {
    const a = splitRows(10, { validation: 0.2, test: 0.25, seed: 7 });
    expect(splitRows(10, { validation: 0.2, test: 0.25, seed: 7 })).toEqual(a);
    expect(splitRows(10, { validation: 0.2, test: 0.25, seed: 8 })).not.toEqual(a);
    // shares 5.5, 2, 2.5: the one row the floors leave goes to a part with a fraction
    expect([a.train.length, a.validation.length, a.test.length].sort()).toEqual([2, 3, 5]);
    expect(a.validation.length).toBe(2);
    expect(sorted([...a.train, ...a.validation, ...a.test])).toEqual(range(10));
    expect(splitRows(4)).toEqual({ train: [0, 1, 2, 3], validation: [], test: [] });
  });

  it('partitions the rows, each part its share within one row (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fraction, fraction, fc.integer(), (n, v, t, seed) => {
        let split: ReturnType<typeof splitRows>;
        try {
          split = splitRows(n, { validation: v, test: t, seed });
        } catch (error) {
          expect(error).toBeInstanceOf(DataError); // too few rows to leave one for training
          expect(n * (1 - v - t)).toBeLessThan(1);
          return;
        }
        expect(sorted([...split.train, ...split.validation, ...split.test])).toEqual(range(n));
        for (const [part, f] of [
          [split.train, 1 - v - t],
          [split.validation, v],
          [split.test, t],
        ] as const) {
          expect(Math.abs(part.length - n * f)).toBeLessThan(1 + 1e-9);
          expect(part).toEqual(sorted(part));
        }
      }),
    );
  });

  it('stratified: each class in each part is its share of that class within one row (property)', () => {
    fc.assert(
      fc.property(labelled, fraction, fraction, fc.integer(), (classes, v, t, seed) => {
        const n = classes.length;
        let split: ReturnType<typeof splitRows>;
        try {
          split = splitRows(n, { validation: v, test: t, seed, stratify: classes });
        } catch {
          return; // no row left to train on: the property above checks when
        }
        expect(sorted([...split.train, ...split.validation, ...split.test])).toEqual(range(n));
        for (const c of new Set(classes)) {
          const m = classes.filter((x) => x === c).length;
          for (const [part, f] of [
            [split.train, 1 - v - t],
            [split.validation, v],
            [split.test, t],
          ] as const) {
            const count = part.filter((i) => classes[i] === c).length;
            expect(Math.abs(count - m * f)).toBeLessThan(1 + 1e-9);
          }
        }
      }),
    );
  });

  it('stratified: every class has a training row, even a class of one row (property)', () => {
    fc.assert(
      fc.property(labelled, fraction, fraction, fc.integer(), (classes, v, t, seed) => {
        const rare = [...classes, 'lone'];
        const split = splitRows(rare.length, { validation: v, test: t, seed, stratify: rare });
        expect(new Set(split.train.map((i) => rare[i]))).toEqual(new Set(rare));
      }),
    );
    // one row of class b and validation and test shares of 0.4: b's row is still learnt from
    for (let seed = 0; seed < 20; seed++) {
      const { train } = splitRows(4, { validation: 0.4, test: 0.4, seed, stratify: ['a', 'a', 'a', 'b'] });
      expect(train).toContain(3);
    }
  });

  it('stratified on a hand-counted case: 6 a, 3 b, a third for test', () => {
    const classes = ['a', 'a', 'b', 'a', 'a', 'b', 'a', 'a', 'b'];
    const { train, test } = splitRows(9, { test: 1 / 3, seed: 3, stratify: classes });
    expect(test.map((i) => classes[i]).sort()).toEqual(['a', 'a', 'b']);
    expect(train.map((i) => classes[i]).sort()).toEqual(['a', 'a', 'a', 'a', 'b', 'b']);
  });

  it('refuses fractions out of range, a stratify of the wrong length or with missing classes', () => {
    expect(() => splitRows(10, { test: 1 })).toThrow(
      new InvalidOptionError('splitRows: test must be a fraction in [0, 1), got 1'),
    );
    expect(() => splitRows(10, { validation: 0.5, test: 0.5 })).toThrow(
      /validation \+ test is 1, leaving no rows to train on/,
    );
    expect(() => splitRows(10, { validation: '0.2' as never })).toThrow(
      /validation must be a fraction in \[0, 1\), got "0.2"/,
    );
    expect(() => splitRows(0)).toThrow(new InvalidOptionError('splitRows: n must be a positive integer, got 0'));
    expect(() => splitRows(3, { stratify: ['a'] })).toThrow(
      /stratify has an array of length 1, expected the class of each of the 3 rows/,
    );
    expect(() => splitRows(2, { stratify: ['a', null as never] })).toThrow(
      new DataError('splitRows: stratify[1] is null, expected a class (drop rows without one first)'),
    );
    expect(() => splitRows(1, { test: 0.6 })).toThrow(new DataError('splitRows: of 1 row, none is left to train on'));
  });
});

describe('kFold', () => {
  it('puts every row in exactly one fold, folds within one row of n/k (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 2, max: 10 }), fc.integer(), (n, k, seed) => {
        fc.pre(k <= n);
        const folds = kFold(n, k, { seed });
        expect(folds).toHaveLength(k);
        expect(sorted(folds.flatMap((f) => f.validation))).toEqual(range(n));
        for (const fold of folds) {
          expect(Math.abs(fold.validation.length - n / k)).toBeLessThan(1);
          expect(sorted([...fold.train, ...fold.validation])).toEqual(range(n));
        }
      }),
    );
  });

  it('stratified: every fold holds each class within one row of its share (property)', () => {
    fc.assert(
      fc.property(labelled, fc.integer({ min: 2, max: 6 }), fc.integer(), (classes, k, seed) => {
        fc.pre(k <= classes.length);
        const folds = kFold(classes.length, k, { seed, stratify: classes });
        expect(sorted(folds.flatMap((f) => f.validation))).toEqual(range(classes.length));
        for (const c of new Set(classes)) {
          const m = classes.filter((x) => x === c).length;
          for (const fold of folds) {
            expect(Math.abs(fold.validation.filter((i) => classes[i] === c).length - m / k)).toBeLessThan(1);
          }
        }
      }),
    );
  });

  it('repeats with a seed, and refuses k out of range', () => {
    expect(kFold(10, 3, { seed: 1 })).toEqual(kFold(10, 3, { seed: 1 }));
    expect(kFold(10, 3, { seed: 1 })).not.toEqual(kFold(10, 3, { seed: 2 }));
    expect(() => kFold(5, 6)).toThrow(
      new InvalidOptionError('kFold: k must be an integer from 2 to the number of rows (5), got 6'),
    );
    expect(() => kFold(5, 1)).toThrow(InvalidOptionError);
  });
});
