import { ShapeError, Tensor } from '@nn/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, rowsToBatch, rowsToSamples, samplesToRows } from '../src/index';

describe('rows ↔ samples', () => {
  it('rowsToSamples gives one column [n, 1] per row, as fit takes them', () => {
    const x = rowsToSamples([
      [0, 1],
      [1, 1],
    ]);
    expect(x.map((t) => t.shape)).toEqual([
      [2, 1],
      [2, 1],
    ]);
    expect(x.map((t) => t.toArray())).toEqual([
      [[0], [1]],
      [[1], [1]],
    ]);
    expect(rowsToSamples([0, 1]).map((t) => t.toArray())).toEqual([[[0]], [[1]]]);
  });

  it('reads objects in the order of the columns, the first row keys by default', () => {
    const rows = [
      { a: 1, b: 2 },
      { b: 4, a: 3 },
    ];
    expect(rowsToSamples(rows).map((t) => Array.from(t.data))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(rowsToSamples(rows, ['b']).map((t) => Array.from(t.data))).toEqual([[2], [4]]);
  });

  it('rowsToBatch puts the rows side by side as columns [n, b], as predict takes them', () => {
    const batch = rowsToBatch([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(batch.shape).toEqual([3, 2]);
    expect(batch.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });

  it('samplesToRows reads a batch [n, b] column by column, or samples one by one', () => {
    expect(
      samplesToRows(
        Tensor.from([
          [1, 4],
          [2, 5],
          [3, 6],
        ]),
      ),
    ).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(samplesToRows([Tensor.from([[1], [2]]), Tensor.from([[3], [4]])])).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => samplesToRows(Tensor.zeros([2, 2, 2]))).toThrow(
      new ShapeError('samplesToRows: expected a batch [n, b], got [2, 2, 2]'),
    );
  });

  it('samplesToRows(rowsToBatch(rows)) and samplesToRows(rowsToSamples(rows)) give the rows (property)', () => {
    const rows = fc.integer({ min: 1, max: 5 }).chain((n) =>
      fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n }), {
        minLength: 1,
        maxLength: 6,
      }),
    );
    fc.assert(
      fc.property(rows, (r) => {
        expect(samplesToRows(rowsToBatch(r))).toEqual(r);
        expect(samplesToRows(rowsToSamples(r))).toEqual(r);
      }),
    );
  });

  it('names the row of what is not a number, or of another length', () => {
    expect(() => rowsToSamples([[1, 2], [3]])).toThrow(
      new DataError('rowsToSamples: rows[1] has 1 number, expected 2 like rows[0]'),
    );
    expect(() => rowsToSamples([[1, Number.NaN]])).toThrow(
      /^rowsToSamples: rows\[0\]\[1\] is NaN, expected a finite number \(a missing value or a category/,
    );
    expect(() => rowsToBatch([{ a: 1 }, { a: 'x' } as never])).toThrow(
      /^rowsToBatch: rows\[1\].a is "x", expected a finite number/,
    );
    expect(() => rowsToSamples([])).toThrow(
      new DataError('rowsToSamples: expected a non-empty array of rows, got an array of length 0'),
    );
    expect(() => rowsToSamples([[]])).toThrow(/rows\[0\] has 0 numbers, expected at least 1/);
    expect(() => rowsToSamples([null as never])).toThrow(/rows\[0\] is null, expected an array of numbers/);
  });
});
