import { InvalidOptionError } from '@nn/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvProgress, DataError, PROGRESS_ROWS, readCsv, selectRows, toTable, writeCsv } from '../src/index';

describe('readCsv', () => {
  it('reads a header and rows into typed columns, each row with its line', () => {
    const table = readCsv('name,height,group\nann, 1.62 ,a\n\nbob,NA,"b, c"\n"cy ""the"" 3rd",1.8e0,\n');
    expect(table.columns).toEqual(['name', 'height', 'group']);
    expect(table.types).toEqual({ name: 'category', height: 'number', group: 'category' });
    expect(table.rows).toEqual([
      { name: 'ann', height: 1.62, group: 'a' },
      { name: 'bob', height: null, group: 'b, c' },
      { name: 'cy "the" 3rd', height: 1.8, group: null },
    ]);
    expect(table.rowNumbers).toEqual([2, 4, 5]);
    expect(table.numbering).toBe('line');
  });

  it('counts lines through quoted line breaks, \\r\\n line ends and a byte order mark', () => {
    const table = readCsv('\uFEFFa,b\r\n"one\r\ntwo",1\r\n3,4\r\n');
    expect(table.columns).toEqual(['a', 'b']);
    expect(table.rows).toEqual([
      { a: 'one\ntwo', b: 1 },
      { a: '3', b: 4 },
    ]);
    expect(table.rowNumbers).toEqual([2, 4]);
    expect(() => readCsv('a,b\n"x\ny",1\n\n1,2,3\n')).toThrow(
      new DataError('line 5: 3 fields, expected 2 like the header (line 1)'),
    );
  });

  it('detects the delimiter, or takes the one given', () => {
    expect(readCsv('a;b\n1;2\n').rows).toEqual([{ a: 1, b: 2 }]);
    expect(readCsv('a\tb\n1\t2\n').rows).toEqual([{ a: 1, b: 2 }]);
    expect(readCsv('a|b\n1,5|2\n', { delimiter: '|' }).rows).toEqual([{ a: '1,5', b: 2 }]);
    expect(readCsv('only\n1\n2\n').rows).toEqual([{ only: 1 }, { only: 2 }]);
    expect(() => readCsv('a\n', { delimiter: '"' })).toThrow(
      new InvalidOptionError(`readCsv: delimiter must be a text without quotes or line breaks, got "\\""`),
    );
    expect(() => readCsv('a\n', { delimiter: '' })).toThrow(InvalidOptionError);
  });

  it('detects the delimiter past a quoted field of many lines, and past blank lines', () => {
    const long = `a;b\n"${'x\n'.repeat(30)}";1\n2;3\n`;
    expect(readCsv(long).rows).toEqual([
      { a: 'x\n'.repeat(30).trim(), b: 1 },
      { a: '2', b: 3 },
    ]);
    expect(readCsv(`a|b${'\n'.repeat(40)}1|2\n`).rows).toEqual([{ a: 1, b: 2 }]);
  });

  it('takes column types and missing values as toTable does', () => {
    const table = readCsv('zip,score\n02139,-\n10001,3\n', { types: { zip: 'category' }, missing: ['-'] });
    expect(table.rows).toEqual([
      { zip: '02139', score: null },
      { zip: '10001', score: 3 },
    ]);
    expect(() => readCsv('a,b\n1,2\nx,3\n', { types: { a: 'number' } })).toThrow(
      new DataError(`line 3, column "a": "x" is not a number (the column's type is number)`),
    );
  });

  it('names the line of a bad row', () => {
    const rows = Array.from({ length: 15 }, (_, i) => `${i},${i},${i},${i},${i},${i},${i}`);
    rows[15] = '1,2,3,4,5';
    expect(() => readCsv(`a,b,c,d,e,f,g\n${rows.join('\n')}\n`)).toThrow(
      new DataError('line 17: 5 fields, expected 7 like the header (line 1)'),
    );
    expect(() => readCsv('a,b\n1,2\n3,"4\n')).toThrow(
      new DataError('line 3: a quoted field is not closed (its opening " has no closing ")'),
    );
    expect(() => readCsv('a,b\n1,"2"x\n')).toThrow(/^line 2: malformed quotes/);
  });

  it('reads text with no header line when given the columns, every line a row, named by its line', () => {
    const table = readCsv('1,2,a\n\n3,4,b\n', { columns: ['x1', 'x2', 'label'], types: { label: 'category' } });
    expect(table.columns).toEqual(['x1', 'x2', 'label']);
    expect(table.rows).toEqual([
      { x1: 1, x2: 2, label: 'a' },
      { x1: 3, x2: 4, label: 'b' },
    ]);
    expect(table.rowNumbers).toEqual([1, 3]);
    expect(() => readCsv('1,2,a\n3,4\n', { columns: ['x1', 'x2', 'label'] })).toThrow(
      'line 2: 2 fields, expected 3 like the 3 columns (x1, x2, label)',
    );
    expect(() => readCsv('1,2\n', { columns: ['x', 'x'] })).toThrow('readCsv: columns: column "x" appears twice');
    expect(() => readCsv('1,2\n', { columns: 'x,y' as never })).toThrow(InvalidOptionError);
  });

  it('keepSource: each field as written beside the typed rows, kept in step by selectRows', () => {
    const table = readCsv('code,n, note\n01, 1.50 ,NA\n"02",2e3,"=1+1"\n', { keepSource: true });
    expect(table.rows).toEqual([
      { code: 1, n: 1.5, note: null },
      { code: 2, n: 2000, note: '=1+1' },
    ]);
    expect(table.source).toEqual([
      ['01', ' 1.50 ', 'NA'],
      ['02', '2e3', '=1+1'],
    ]);
    expect(selectRows(table, [1]).source).toEqual([['02', '2e3', '=1+1']]);
    expect(readCsv('a\n1\n').source).toBeUndefined();
  });

  it('calls onProgress every PROGRESS_ROWS rows with the rows and characters read', () => {
    const heard: CsvProgress[] = [];
    const text = `x\n${'1\n'.repeat(2 * PROGRESS_ROWS + 5)}`;
    expect(readCsv(text, { onProgress: (p) => heard.push(p) }).rows.length).toBe(2 * PROGRESS_ROWS + 5);
    expect(heard).toEqual([
      { rows: PROGRESS_ROWS, characters: 2 + 2 * PROGRESS_ROWS, total: text.length },
      { rows: 2 * PROGRESS_ROWS, characters: 2 + 4 * PROGRESS_ROWS, total: text.length },
    ]);
    expect(() => readCsv('a\n', { onProgress: 1 as never })).toThrow(
      new InvalidOptionError('readCsv: onProgress must be a function, got 1'),
    );
  });

  it('refuses a header without names, with a name twice, or no header', () => {
    expect(() => readCsv('a,,c\n1,2,3\n')).toThrow(new DataError('line 1: field 2 of the header has no name'));
    expect(() => readCsv('a,b,a\n1,2,3\n')).toThrow(new DataError('line 1: column "a" appears twice (fields 1 and 3)'));
    expect(() => readCsv('\n\n')).toThrow(new DataError('readCsv: no header line: the text has no rows'));
    expect(() => readCsv(42 as never)).toThrow(new DataError('readCsv: expected the CSV text, got 42'));
  });
});

describe('writeCsv', () => {
  it('writes a header and rows, quoting what needs it and leaving missing values empty', () => {
    const text = writeCsv({
      columns: ['a', 'b', 'c'],
      rows: [
        { a: 'x, y', b: 0.1, c: null },
        { a: 'say "hi"', b: -2e-7, c: 'two\nlines' },
      ],
    });
    expect(text).toBe('a,b,c\n"x, y",0.1,\n"say ""hi""",-2e-7,"two\nlines"\n');
  });

  it('writes the header alone, one line, for no rows (a blank line followed it)', () => {
    expect(writeCsv({ columns: ['a', 'b'], rows: [] })).toBe('a,b\n');
  });

  it('writes a text a spreadsheet would run as a formula quoted, after a single quote (OWASP); numbers as they are', () => {
    const table = {
      columns: ['=name', 'class', 'x'],
      rows: [
        { '=name': '=HYPERLINK("http://evil.example","click")', class: '+1+2', x: -1.5 },
        { '=name': '-2+3', class: '@SUM(A1:A9)', x: '-1.5' },
        { '=name': '\tcell', class: '\rcell', x: '+3' },
        { '=name': '-', class: 'a=b', x: '-2e-7' },
      ],
    };
    expect(writeCsv(table)).toBe(
      [
        `"'=name",class,x`,
        `"'=HYPERLINK(""http://evil.example"",""click"")","'+1+2",-1.5`,
        `"'-2+3","'@SUM(A1:A9)",-1.5`,
        `"'\tcell","'\rcell",+3`,
        `"'-",a=b,-2e-7`,
        '',
      ].join('\n'),
    );
    expect(writeCsv(table, { escapeFormulas: false }).split('\n').slice(0, 2)).toEqual([
      '=name,class,x',
      '"=HYPERLINK(""http://evil.example"",""click"")",+1+2,-1.5',
    ]);
  });

  it('readCsv(writeCsv(table)) gives the table back, formulas escaped or not (property)', () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
      fc
        .string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é', '1', '=', '+', '-', '@', "'") })
        .map((s) => s.trim()),
      fc.constant(null),
    );
    // a text that starts like a formula and is not a number in decimal form (a number column's
    // value turns into such a text in a column of categories)
    const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
    const formula = (v: unknown) => typeof v === 'string' && /^[=+\-@]/.test(v) && !decimal.test(v);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        (width, cells) => {
          const columns = ['w', 'x', 'y', 'z'].slice(0, width);
          const table = toTable(
            cells.map((row) => row.slice(0, width)),
            { columns },
          );
          const read = (text: string) => readCsv(text, { types: table.types, delimiter: ',' }).rows;
          // a row of one empty field reads as a blank line, which CSV cannot tell apart
          const kept = table.rows.filter((row) => width > 1 || row.w !== null);
          expect(read(writeCsv(table, { escapeFormulas: false }))).toEqual(kept);
          // escaped: the same, but a formula's text comes back after a single quote
          const quoted = kept.map((row) =>
            Object.fromEntries(Object.entries(row).map(([c, v]) => [c, formula(v) ? `'${v}` : v])),
          );
          expect(read(writeCsv(table))).toEqual(quoted);
        },
      ),
    );
  });
});
