import { InvalidOptionError } from '@nn/tensor';
import { describe, expect, it } from 'vitest';
import {
  DataError,
  dropMissing,
  MISSING_VALUES,
  readJson,
  rowName,
  selectRows,
  summarizeColumns,
  toTable,
} from '../src/index';

describe('toTable', () => {
  it('infers number and category columns from objects, with null for missing values', () => {
    const table = toTable([
      { size: 1.5, colour: 'red', code: '7', flag: true },
      { size: '2', colour: ' blue ', code: 'x' },
      { size: 'NA', colour: null, code: '', flag: false },
      { size: Number.NaN, colour: '?', code: '8' },
    ]);
    expect(table.columns).toEqual(['size', 'colour', 'code', 'flag']);
    expect(table.types).toEqual({ size: 'number', colour: 'category', code: 'category', flag: 'category' });
    expect(table.rows).toEqual([
      { size: 1.5, colour: 'red', code: '7', flag: 'true' },
      { size: 2, colour: 'blue', code: 'x', flag: null },
      { size: null, colour: null, code: null, flag: 'false' },
      { size: null, colour: null, code: '8', flag: null },
    ]);
    expect(table.rowNumbers).toEqual([1, 2, 3, 4]);
    expect(rowName(table, 2)).toBe('row 3');
  });

  it('reads a key a row lacks as missing, even one every object inherits', () => {
    const table = readJson('[{"constructor": "a", "x": 1}, {"x": 2}]');
    expect(table.rows).toEqual([
      { constructor: 'a', x: 1 },
      { constructor: null, x: 2 },
    ]);
  });

  it('reads rows that are arrays, naming the columns 0, 1, … or as given', () => {
    expect(
      toTable([
        [1, 'a'],
        [2, 'b'],
      ]).rows,
    ).toEqual([
      { 0: 1, 1: 'a' },
      { 0: 2, 1: 'b' },
    ]);
    const named = toTable([[1, 2]], { columns: ['x', 'y'] });
    expect(named.columns).toEqual(['x', 'y']);
    expect(named.types).toEqual({ x: 'number', y: 'number' });
    expect(() => toTable([[1, 2]], { columns: ['x'] })).toThrow(InvalidOptionError);
    expect(() => toTable([[1, 2], [3]])).toThrow(new DataError('row 2: 1 value, expected 2 values like row 1'));
  });

  it('takes a type per column: numbers as categories, or texts as numbers', () => {
    const table = toTable(
      [
        { year: 1970, mpg: '18' },
        { year: 1971, mpg: '-1.5e1' },
      ],
      {
        types: { year: 'category', mpg: 'number' },
      },
    );
    expect(table.rows).toEqual([
      { year: '1970', mpg: 18 },
      { year: '1971', mpg: -15 },
    ]);
    expect(() => toTable([{ mpg: 'fast' }], { types: { mpg: 'number' } })).toThrow(
      new DataError(`row 1, column "mpg": "fast" is not a number (the column's type is number)`),
    );
    expect(() => toTable([{ a: 1 }], { types: { b: 'number' } })).toThrow(/no column "b" in the table \(columns: a\)/);
    expect(() => toTable([{ a: 1 }], { types: { a: 'text' as never } })).toThrow(
      /types.a: expected 'number' or 'category'/,
    );
  });

  it('reads only decimal numbers as numbers', () => {
    const table = toTable(
      ['0x10', 'Infinity', '1,5', '1e400'].map((v) => ({ v, w: `${v}` === '0x10' ? '.5' : '-3.' })),
    );
    expect(table.types).toEqual({ v: 'category', w: 'number' });
    expect(table.rows.map((r) => r.w)).toEqual([0.5, -3, -3, -3]);
  });

  it('lets the caller say which texts are missing', () => {
    expect(MISSING_VALUES).toContain('NA');
    const table = toTable([{ a: '-' }, { a: 'NA' }], { missing: ['-'] });
    expect(table.rows).toEqual([{ a: null }, { a: 'NA' }]);
  });

  it('refuses cells that are not numbers, texts or null, naming row and column', () => {
    expect(() => toTable([{ a: 1 }, { a: { b: 2 } }])).toThrow(
      new DataError('row 2, column "a": expected a number, a text or null, got an object'),
    );
    expect(() => toTable([{ a: Number.POSITIVE_INFINITY }])).toThrow(
      /row 1, column "a": Infinity is not a finite number/,
    );
    expect(() => toTable([{ a: 1 }, 5])).toThrow(/row 2: expected an object keyed by column name, got 5/);
    expect(() => toTable('rows' as never)).toThrow(DataError);
  });
});

describe('selectRows and summarizeColumns', () => {
  const table = readJson('[{"x": 3, "c": "a"}, {"x": null, "c": "b"}, {"x": 5, "c": "a"}]');

  it('keepSource: the cells as given, beside the rows', () => {
    const objects = toTable([{ a: ' 01 ', b: true }, { a: 'NA' }], { keepSource: true });
    expect(objects.rows).toEqual([
      { a: 1, b: 'true' },
      { a: null, b: null },
    ]);
    expect(objects.source).toEqual([
      [' 01 ', true],
      ['NA', null],
    ]);
    const arrays = [['x', 2]];
    const table = toTable(arrays, { keepSource: true });
    expect(table.rows).toEqual([{ 0: 'x', 1: 2 }]);
    expect(table.source).toEqual([['x', 2]]);
    expect(arrays).toEqual([['x', 2]]); // the caller's arrays are left as they were
    expect(dropMissing(objects, ['a']).source).toEqual([[' 01 ', true]]);
  });

  it('cleans its own cells without changing rows given as arrays', () => {
    const rows = [[' a ', 'NA']];
    expect(toTable(rows).rows).toEqual([{ 0: 'a', 1: null }]);
    expect(rows).toEqual([[' a ', 'NA']]);
  });

  it('selectRows keeps the types and the rows their numbers', () => {
    const picked = selectRows(table, [2, 0]);
    expect(picked.rows).toEqual([table.rows[2], table.rows[0]]);
    expect(picked.rowNumbers).toEqual([3, 1]);
    expect(picked.types).toBe(table.types);
    expect(() => selectRows(table, [3])).toThrow(new InvalidOptionError('selectRows: index 3 out of range [0, 3)'));
  });

  it('dropMissing leaves out the rows missing a value in the columns given, or in any', () => {
    const both = readJson('[{"x": 1, "c": null}, {"x": null, "c": "b"}, {"x": 3, "c": "a"}]');
    expect(dropMissing(both, ['x']).rowNumbers).toEqual([1, 3]);
    expect(dropMissing(both).rows).toEqual([{ x: 3, c: 'a' }]);
    expect(() => dropMissing(both, ['y'])).toThrow(
      new InvalidOptionError('dropMissing: no column "y" in the table (columns: x, c)'),
    );
  });

  it('summarizeColumns counts missing and distinct values, and a number column range and mean', () => {
    expect(summarizeColumns(table)).toEqual([
      { name: 'x', type: 'number', missing: 1, distinct: 2, min: 3, max: 5, mean: 4 },
      { name: 'c', type: 'category', missing: 0, distinct: 2 },
    ]);
  });
});
