// Column names and categories that are also names every object inherits (`__proto__`,
// `constructor`, `toString`, …): each goes through reading, fit, transform, JSON and decode as a
// name like any other, and nothing is written to Object.prototype.
import { Tensor } from '@nn/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { DataError, Preprocessor, readCsv, readJson, summarizeColumns, toTable, writeCsv } from '../src/index';

const NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then'];
const columns = (samples: Tensor[]) => samples.map((t) => Array.from(t.data));

/** Object.prototype as it was: any key a test adds to it fails the test (and is removed). */
const inherited = Object.getOwnPropertyNames(Object.prototype);
afterEach(() => {
  const added = Object.getOwnPropertyNames(Object.prototype).filter((key) => !inherited.includes(key));
  for (const key of added) delete (Object.prototype as Record<string, unknown>)[key];
  expect(added).toEqual([]);
});

describe.each(NAMES)('a column named %s', (name) => {
  const header = JSON.stringify(name);

  it('is read from CSV and JSON with its type, and written back', () => {
    const table = readCsv(`${name},label,size\n1,a,x\n2,b,y\n`);
    expect(table.columns).toEqual([name, 'label', 'size']);
    expect(table.types[name]).toBe('number');
    expect(Object.keys(table.types)).toEqual([name, 'label', 'size']);
    expect(table.rows.map((row) => Object.hasOwn(row, name) && row[name])).toEqual([1, 2]);
    expect(readCsv(`a,${name}\n1,x\n`, { types: { a: 'category' } }).types[name]).toBe('category');
    expect(readCsv(`a,${name}\n1,2\n`, { types: { [name]: 'category' } }).rows[0]?.[name]).toBe('2');
    expect(readJson(`[{${header}: "x", "a": 1}, {"a": 2}]`).types[name]).toBe('category');
    expect(summarizeColumns(table)[0]).toEqual({
      name,
      type: 'number',
      missing: 0,
      distinct: 2,
      min: 1,
      max: 2,
      mean: 1.5,
    });
    expect(writeCsv(table)).toBe(`${name},label,size\n1,a,x\n2,b,y\n`);
    // a row that lacks the column writes an empty field, not the function objects inherit
    expect(writeCsv({ columns: [name, 'a'], rows: [{ a: 1 }] })).toBe(`${name},a\n,1\n`);
  });

  it('is an input column through fit, transform, JSON, and unknown categories in it', () => {
    const table = readCsv(`${name},y\nred,yes\nblue,no\nred,yes\n,no\n`);
    const pre = Preprocessor.fit(table, { target: 'y', columns: { [name]: { missing: 'mostFrequent' } } });
    expect(pre.inputNames).toEqual([`${name}=blue`, `${name}=red`]);
    const back = Preprocessor.fromJSON(JSON.stringify(pre));
    expect(back.toJSON()).toEqual(pre.toJSON());
    // an unseen category and a missing value: counted in the report under the column's name
    const rows = readCsv(`${name},y\ngreen,yes\n,no\n__proto__,yes\nconstructor,no\n`);
    for (const p of [pre, back]) {
      const { x, report } = p.transform(rows);
      expect(columns(x)).toEqual([
        [0, 0],
        [0, 1],
        [0, 0],
        [0, 0],
      ]);
      expect(Object.keys(report.filled)).toEqual([name]);
      expect(report.filled[name]).toBe(1);
      expect(Object.keys(report.unknown)).toEqual([name]);
      expect(Object.entries(report.unknown[name] ?? {})).toEqual([
        ['green', 1],
        ['__proto__', 1],
        ['constructor', 1],
      ]);
      expect(report.notes).toEqual([
        `${name}: 1 missing value filled with "red" (the most frequent value of the training rows)`,
        `${name}: 3 values of categories not seen in training, encoded as all zeros ("green" ×1, "__proto__" ×1, "constructor" ×1)`,
      ]);
      expect(p.decode(Tensor.from([[0.2], [0.8]]))).toEqual([{ value: 'yes', probabilities: [0.2, 0.8] }]);
    }
    // rows as objects whose keys include the name, as JSON.parse makes them
    const parsed = JSON.parse(`[{${header}: "blue", "y": "no"}]`);
    expect(columns(pre.transform(parsed).x)).toEqual([[1, 0]]);
  });

  it('is the target: classes named like inherited keys too', () => {
    const table = readCsv(`x,${name}\n1,__proto__\n2,constructor\n3,__proto__\n4,toString\n`);
    const pre = Preprocessor.fit(table, { target: name });
    expect(pre.classes).toEqual(['__proto__', 'constructor', 'toString']);
    const back = Preprocessor.fromJSON(JSON.parse(JSON.stringify(pre)));
    for (const p of [pre, back]) {
      expect(p.target).toBe(name);
      expect(columns(p.transform(table).y)).toEqual([
        [1, 0, 0],
        [0, 1, 0],
        [1, 0, 0],
        [0, 0, 1],
      ]);
      expect(p.decode(Tensor.from([[0.1], [0.7], [0.2]]))).toEqual([
        { value: 'constructor', probabilities: [0.1, 0.7, 0.2] },
      ]);
    }
    expect(() => pre.transform(readCsv(`x,${name}\n1,valueOf\n`))).toThrow(
      new DataError(
        `line 2, column ${header}: "valueOf" is not a class seen in training (__proto__, constructor, toString)`,
      ),
    );
    const label = Preprocessor.fit(table, { target: name, columns: { [name]: { encode: 'label' } } });
    expect(Preprocessor.fromJSON(JSON.stringify(label)).decode(Tensor.from([[1]]))).toEqual([{ value: 'constructor' }]);
  });

  it('is a regression target and a number input with options', () => {
    const table = toTable([
      { [name]: 1, size: 10 },
      { [name]: 3, size: 20 },
      { [name]: 2, size: 30.5 },
    ]);
    const pre = Preprocessor.fit(table, { target: 'size', columns: { [name]: { scale: 'minMax' } } });
    expect(pre.describe()[0]).toBe(`${name}: number, MinMaxScaler(1…3 → 0…1)`);
    const back = Preprocessor.fromJSON(JSON.stringify(pre));
    expect(columns(back.transform(table).x)).toEqual([[0], [1], [0.5]]);
    expect(back.decode([Tensor.from([[0]])])[0]?.value).toBeCloseTo(20.166666, 5);
  });
});

describe('option and field names that objects inherit', () => {
  const table = readCsv('a,y\n1,p\n2,q\n');

  it('a column option named like an inherited key is an unknown option, not a crash', () => {
    for (const field of ['constructor', 'toString', '__proto__']) {
      const columns = JSON.parse(`{"a": {${JSON.stringify(field)}: 1}}`);
      expect(() => Preprocessor.fit(table, { target: 'y', columns })).toThrow(
        `Preprocessor: columns.a.${field}: unknown option, expected use, missing, scale, encode, unknown`,
      );
    }
  });

  it('columns absent from the options get the automatic choice, whatever their name', () => {
    const odd = readCsv('constructor,toString,y\n1,a,p\n2,b,q\n');
    expect(Preprocessor.fit(odd, { target: 'y', columns: {} }).columns).toEqual(['constructor', 'toString']);
    expect(Preprocessor.fit(odd, { target: 'toString' }).classes).toEqual(['a', 'b']);
  });
});
