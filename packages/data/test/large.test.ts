// A table of 300,000 rows through everything a run of `nn train` does with one: a spread of that
// many arguments (push(...rows), Math.max(...values)) overflows the call stack at about 125,000.
import { Tensor } from '@nn/tensor';
import { describe, expect, it } from 'vitest';
import {
  dropMissing,
  kFold,
  Preprocessor,
  readCsv,
  selectRows,
  splitRows,
  summarizeColumns,
  writeCsv,
} from '../src/index';

const N = 300_000;

/** Each of 0 … n − 1 exactly once across the parts. */
function isPartition(n: number, parts: readonly (readonly number[])[]): boolean {
  const seen = new Uint8Array(n);
  for (const part of parts) for (const i of part) seen[i] = (seen[i] as number) + 1;
  return seen.every((k) => k === 1);
}

describe(`${N} rows`, () => {
  it('splitRows, plain and stratified, and kFold', () => {
    const plain = splitRows(N);
    expect(plain.train.length).toBe(N);
    const split = splitRows(N, { validation: 0.1, test: 0.1, seed: 3 });
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([240_000, 30_000, 30_000]);
    expect(isPartition(N, [split.train, split.validation, split.test])).toBe(true);
    const stratify = Array.from({ length: N }, (_, i) => (i % 3 === 0 ? 'a' : 'b'));
    const strata = splitRows(N, { validation: 0.15, test: 0.15, stratify });
    expect(isPartition(N, [strata.train, strata.validation, strata.test])).toBe(true);
    expect(strata.train.filter((i) => i % 3 === 0).length).toBe(70_000);
    const folds = kFold(N, 2, { seed: 1 });
    expect(isPartition(N, [folds[0]?.validation ?? [], folds[1]?.validation ?? []])).toBe(true);
  });

  it('readCsv, summarizeColumns, dropMissing, selectRows, a Preprocessor and writeCsv', () => {
    const lines = ['x,colour,y'];
    for (let i = 0; i < N; i++) lines.push(`${i % 1000},${i % 2 ? 'red' : 'blue'},${i % 7 === 0 ? '' : i % 3}`);
    const table = readCsv(`${lines.join('\n')}\n`);
    expect(table.rows.length).toBe(N);
    expect(summarizeColumns(table)[0]).toMatchObject({ name: 'x', min: 0, max: 999 });
    const rows = dropMissing(table, ['y']);
    expect(rows.rows.length).toBe(N - Math.ceil(N / 7));
    const split = splitRows(rows.rows.length, { test: 0.5, seed: 1 });
    const pre = Preprocessor.fit(selectRows(rows, split.train), { target: 'y' });
    expect(pre.classes).toEqual(['0', '1', '2']);
    const { x } = pre.transformInputs(selectRows(rows, split.test.slice(0, 10)));
    expect(x.length).toBe(10);
    const scores = new Tensor([3, N], new Float64Array(3 * N).fill(0.5));
    expect(pre.decode(scores).length).toBe(N);
    expect(writeCsv(table).length).toBeGreaterThan(N * 8);
  });
});
