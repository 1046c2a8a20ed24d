import { InvalidOptionError, ShapeError, Tensor } from '@nn/tensor';
import { describe, expect, it } from 'vitest';
import { DataError, DataFormatError, OneHotEncoder, Preprocessor, readCsv, toTable } from '../src/index';

// a table worked by hand: the target price is missing in the last row, so fit learns from rows 1–3
const table = readCsv('size,colour,price\n1,red,1.5\n3,blue,2.5\nNA,red,3.5\n5,,NA\n');
const σ = Math.sqrt(2 / 3); // of the prices 1.5, 2.5, 3.5 (mean 2.5)
const columns = (samples: Tensor[]) => samples.map((t) => Array.from(t.data));

describe('Preprocessor, by hand', () => {
  const pre = Preprocessor.fit(table, { target: 'price' });

  it('chooses: numbers standardised, categories one-hot, missing values filled, a number target standardised', () => {
    expect(pre.columns).toEqual(['size', 'colour']);
    expect(pre.inputNames).toEqual(['size', 'colour=blue', 'colour=red']);
    expect([pre.inputSize, pre.outputSize, pre.task, pre.target]).toEqual([3, 1, 'regression', 'price']);
    expect(pre.classes).toBeUndefined();
    expect(pre.describe()).toEqual([
      'size: number, 1 missing value in training (missing → filled with the mean 2), Standardizer(μ=2, σ=1)',
      'colour: category, one-hot over blue, red (unknown → zeros)',
      'price: target, a number, Standardizer(μ=2.5, σ=0.8165), predictions turned back into its unit',
    ]);
    expect(String(pre)).toBe('Preprocessor(2 columns → 3 inputs; price: a number)');
  });

  it('transform: x and y of each row with a target, and what it filled and left out', () => {
    const { x, y, rows, report } = pre.transform(table);
    // size: (1 − 2)/1, (3 − 2)/1, the mean 2 → 0; colour one-hot over [blue, red]
    expect(columns(x)).toEqual([
      [-1, 0, 1],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(columns(y).map(([v]) => v)).toEqual([-1 / σ, 0, 1 / σ].map((v) => expect.closeTo(v, 12)));
    expect(x[0]?.shape).toEqual([3, 1]);
    expect(y[0]?.shape).toEqual([1, 1]);
    expect(rows).toEqual([0, 1, 2]);
    expect(report.dropped).toEqual([{ row: 3, column: 'price' }]);
    expect(report.filled).toEqual({ size: 1 });
    expect(report.notes).toEqual([
      'price: 1 row left out for a missing value (line 5)',
      'size: 1 missing value filled with 2 (the mean of the training rows)',
    ]);
  });

  it('transformInputs: every row, filling a missing category with the most frequent one', () => {
    const { x, rows, report } = pre.transformInputs(table);
    expect(columns(x)[3]).toEqual([3, 0, 1]); // size 5 → 3; colour missing → red
    expect(rows).toEqual([0, 1, 2, 3]);
    expect(report.filled).toEqual({ size: 1, colour: 1 });
    expect('y' in pre.transformInputs(table)).toBe(false);
  });

  it('takes rows as objects too, and reports categories not seen in training (all zeros)', () => {
    const { x, report } = pre.transformInputs([
      { size: 2, colour: 'green' },
      { size: '4', colour: 'green' },
      { size: 2, colour: 'red' },
    ]);
    expect(columns(x)).toEqual([
      [0, 0, 0],
      [2, 0, 0],
      [0, 0, 1],
    ]);
    expect(report.unknown).toEqual({ colour: { green: 2 } });
    expect(report.notes).toEqual([
      'colour: 2 values of categories not seen in training, encoded as all zeros ("green" ×2)',
    ]);
  });

  it('decode: predictions back in the target unit, from a batch or samples', () => {
    expect(pre.decode(Tensor.from([[0, 1]]))).toEqual([{ value: 2.5 }, { value: 2.5 + σ }]);
    expect(pre.decode([Tensor.from([[-1]])])).toEqual([{ value: 2.5 - σ }]);
    const { y } = pre.transform(table);
    expect(pre.decode(y).map((p) => p.value)).toEqual([1.5, 2.5, 3.5].map((v) => expect.closeTo(v, 12)));
    expect(() => pre.decode(Tensor.zeros([2, 3]))).toThrow(
      new ShapeError('Preprocessor.decode: output has shape [2, 3], expected [1, batch]: 1 per sample (price)'),
    );
    expect(() => pre.decode([Tensor.zeros([2, 1])])).toThrow(/output\[0\] has shape \[2, 1\], expected 1 per sample/);
  });

  it('names the line and column of a value it cannot use, and a column that is not there', () => {
    expect(() => pre.transformInputs(readCsv('size,colour\nbig,red\n', { types: { size: 'category' } }))).toThrow(
      new DataError('line 2, column "size": "big" is not a number'),
    );
    expect(() => pre.transformInputs([{ size: 1 }])).toThrow(
      new DataError('Preprocessor.transformInputs: the rows have no column "colour" (needed: size, colour)'),
    );
    expect(() => pre.transform([{ size: 1, colour: 'red' }])).toThrow(
      /Preprocessor.transform: the rows have no column "price"/,
    );
    expect(() => pre.transform('rows' as never)).toThrow(DataError);
  });
});

describe('Preprocessor, classes', () => {
  const flowers = toTable([
    { petal: 1, kind: 'b' },
    { petal: 2, kind: 'a' },
    { petal: 3, kind: 'c' },
    { petal: 4, kind: 'a' },
  ]);

  it('one-hot classes by default; decode gives the class and, for probabilities, each one', () => {
    const pre = Preprocessor.fit(flowers, { target: 'kind' });
    expect([pre.task, pre.classes, pre.outputSize, pre.outputNames]).toEqual([
      'classification',
      ['a', 'b', 'c'],
      3,
      ['a', 'b', 'c'],
    ]);
    expect(columns(pre.transform(flowers).y)).toEqual([
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
      [1, 0, 0],
    ]);
    const output = Tensor.from([
      [0.7, 2],
      [0.2, 1],
      [0.1, -1],
    ]); // a column of probabilities, and a column of scores
    expect(pre.decode(output)).toEqual([{ value: 'a', probabilities: [0.7, 0.2, 0.1] }, { value: 'a' }]);
    expect(pre.describe()[1]).toBe('kind: target, 3 classes (a, b, c), one-hot');
  });

  it('label-encoded two classes: one output, a Sigmoid probability of the second class', () => {
    const two = toTable([
      { x: 1, y: 'no' },
      { x: 2, y: 'yes' },
    ]);
    const pre = Preprocessor.fit(two, { target: 'y', columns: { y: { encode: 'label' } } });
    expect(pre.outputSize).toBe(1);
    expect(columns(pre.transform(two).y)).toEqual([[0], [1]]);
    expect(pre.decode(Tensor.from([[0.25, 0.75, 1.5]]))).toEqual([
      { value: 'no', probabilities: [0.75, 0.25] },
      { value: 'yes', probabilities: [0.25, 0.75] },
      { value: 'yes' },
    ]);
  });

  it('takes a number target of at most 10 distinct integers for classes, unless told the task', () => {
    const labels = toTable([
      { x: 0.5, label: 1 },
      { x: 1.5, label: 0 },
      { x: 2.5, label: 1 },
    ]);
    const pre = Preprocessor.fit(labels, { target: 'label' });
    expect([pre.task, pre.classes]).toEqual(['classification', ['0', '1']]);
    expect(pre.decode(Tensor.from([[0.1], [0.9]]))).toEqual([{ value: '1', probabilities: [0.1, 0.9] }]);
    expect(Preprocessor.fit(labels, { target: 'label', task: 'regression' }).task).toBe('regression');
    const many = toTable(Array.from({ length: 11 }, (_, i) => ({ x: i, y: i })));
    expect(Preprocessor.fit(many, { target: 'y' }).task).toBe('regression');
  });

  it('refuses a class not seen in training', () => {
    const pre = Preprocessor.fit(flowers, { target: 'kind' });
    expect(() => pre.transform([{ petal: 1, kind: 'd' }])).toThrow(
      new DataError('row 1, column "kind": "d" is not a class seen in training (a, b, c)'),
    );
  });
});

describe('Preprocessor, choices', () => {
  const people = toTable(
    Array.from({ length: 12 }, (_, i) => ({
      id: `p${i}`,
      age: i === 3 ? null : 20 + i,
      town: i % 3 === 0 ? 'x' : 'y',
      score: i % 2,
    })),
  );

  it('leaves out an identifier-like category column, unless told to keep it', () => {
    const pre = Preprocessor.fit(people, { target: 'score' });
    expect(pre.columns).toEqual(['age', 'town']);
    expect(pre.ignored).toEqual([
      { name: 'id', reason: '12 distinct values in 12 rows: an identifier? (use: true keeps it)' },
    ]);
    expect(pre.describe().at(-1)).toBe('id: 12 distinct values in 12 rows: an identifier? (use: true keeps it)');
    expect(Preprocessor.fit(people, { target: 'score', columns: { id: { use: true } } }).columns).toEqual([
      'id',
      'age',
      'town',
    ]);
  });

  it('overrides: min-max, label encoding, median, left out, a one-hot category refused when unknown', () => {
    const pre = Preprocessor.fit(people, {
      target: 'score',
      columns: { age: { scale: 'minMax', missing: 'median' }, town: { encode: 'label' }, id: { use: false } },
    });
    expect(pre.inputNames).toEqual(['age', 'town']);
    const { x } = pre.transformInputs([
      { age: 20, town: 'y' },
      { age: null, town: 'x' },
    ]);
    // ages 20…31 without 23 → [0, 1]; the median of those 11 ages is 26 → 6/11
    expect(columns(x)).toEqual([
      [0, 1],
      [6 / 11, 0],
    ]);
    expect(() => pre.transformInputs([{ age: 20, town: 'z' }])).toThrow(
      new DataError('row 1, column "town": "z" is not a category seen in training (x, y)'),
    );
    const strict = Preprocessor.fit(people, { target: 'score', columns: { town: { unknown: 'error' } } });
    expect(() => strict.transformInputs([{ age: 20, town: 'z' }])).toThrow(
      /row 1, column "town": "z" is not a category seen in training/,
    );
  });

  it('missing: drop leaves the row out, error refuses it', () => {
    const drop = Preprocessor.fit(people, { target: 'score', columns: { age: { missing: 'drop' } } });
    const { rows, report } = drop.transform(people);
    expect(rows).toHaveLength(11);
    expect(report.dropped).toEqual([{ row: 3, column: 'age' }]);
    expect(drop.describe()[0]).toBe(
      'age: number, 1 missing value in training (missing → row dropped), Standardizer(μ=25.73, σ=3.519)',
    );
    const refuse = Preprocessor.fit(people, { target: 'score', columns: { age: { missing: 'error' } } });
    expect(() => refuse.transform(people)).toThrow(
      new DataError(`row 4, column "age": missing value (its missing option is 'error')`),
    );
  });

  it('works without a target: inputs only', () => {
    const pre = Preprocessor.fit(
      toTable([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(columns(pre.transformInputs([[1, 2]]).x)).toEqual([[-1, -1]]);
    expect(pre.outputSize).toBe(0);
    expect(() => pre.transform([[1, 2]])).toThrow(
      new InvalidOptionError('Preprocessor.transform: no target was given to fit; use transformInputs'),
    );
    expect(() => pre.decode(Tensor.zeros([1, 1]))).toThrow(InvalidOptionError);
  });

  it('refuses options that name no column or do not fit it', () => {
    const fit = (options: object) => () => Preprocessor.fit(people, { target: 'score', ...options });
    expect(fit({ target: 'Score' })).toThrow(
      new InvalidOptionError('Preprocessor: target "Score" is not a column (columns: id, age, town, score)'),
    );
    expect(fit({ columns: { height: {} } })).toThrow(/columns names "height", which is not a column/);
    expect(fit({ columns: { age: { scale: 'log' } } })).toThrow(
      new InvalidOptionError(
        `Preprocessor: columns.age.scale: expected one of 'standardize', 'minMax', 'none', got "log"`,
      ),
    );
    expect(fit({ columns: { age: { scaling: 'none' } } })).toThrow(/columns.age.scaling: unknown option/);
    expect(fit({ columns: { age: { encode: 'oneHot' } } })).toThrow(
      /columns.age.encode: age holds numbers; read it as categories \(types: \{ "age": 'category' \}\)/,
    );
    expect(fit({ columns: { town: { scale: 'minMax' } } })).toThrow(/columns.town.scale: town holds categories/);
    expect(fit({ columns: { age: { unknown: 'error' } } })).toThrow(
      /columns.age.unknown: applies to one-hot categories only \(age holds numbers\)/,
    );
    expect(fit({ columns: { town: { encode: 'label', unknown: 'zeros' } } })).toThrow(
      /columns.town.unknown: applies to one-hot categories only/,
    );
    expect(fit({ columns: { town: { missing: 'mean' } } })).toThrow(
      /columns.town.missing: town holds categories, which have no mean/,
    );
    expect(fit({ columns: { score: { missing: 'drop' } } })).toThrow(
      /columns.score.missing: does not apply to the target/,
    );
    expect(fit({ task: 'regression', target: 'town' })).toThrow(
      /task 'regression' needs a number target; town holds categories/,
    );
    expect(fit({ task: 'guess' })).toThrow(/task must be 'classification' or 'regression'/);
    expect(fit({ columns: { score: { scale: 'minMax' } } })).toThrow(/columns.score.scale: the target is classes/);
    expect(fit({ task: 'regression', columns: { score: { encode: 'label' } } })).toThrow(
      /columns.score.encode: the target is a number/,
    );
    expect(() => Preprocessor.fit(people, { task: 'regression' })).toThrow(
      new InvalidOptionError('Preprocessor: a task needs a target'),
    );
  });

  it('refuses to learn from nothing', () => {
    expect(() => Preprocessor.fit(toTable([{ x: 1, y: null }]), { target: 'y' })).toThrow(
      new DataError('Preprocessor.fit: no rows to learn from (no row has a y)'),
    );
    expect(() => Preprocessor.fit(toTable([{ x: null, y: 1 }]), { target: 'y' })).toThrow(
      new DataError('Preprocessor.fit: no input columns left (x: no values in the training rows)'),
    );
    expect(() =>
      Preprocessor.fit(toTable([{ x: null, y: 1 }]), { target: 'y', columns: { x: { use: true } } }),
    ).toThrow(new DataError('Preprocessor: columns.x: no values to learn from (all 1 missing in the training rows)'));
    expect(() => Preprocessor.fit({} as never)).toThrow(/expected a table/);
  });
});

describe('Preprocessor reading rows with its own column types', () => {
  // training: code is a category (01, 02, A); a new file holding only 01 and 02 would infer numbers
  const training = readCsv('code,x,y\n01,1,yes\n02,2,no\nA,3,yes\n01,4,no\n');
  const pre = Preprocessor.fit(training, { target: 'y' });
  const fresh = 'code,x\n01,1\n02,2\n';
  const expected = [
    [1, 0, 0, expect.closeTo(-1.3416, 4)],
    [0, 1, 0, expect.closeTo(-0.4472, 4)],
  ];

  it('readCsv keeps a category column text as written, where readCsv alone infers numbers', () => {
    expect(pre.columnTypes).toEqual({ code: 'category', x: 'number', y: 'category' });
    const table = pre.readCsv(fresh);
    expect(table.types).toEqual({ code: 'category', x: 'number' });
    expect(table.rows).toEqual([
      { code: '01', x: 1 },
      { code: '02', x: 2 },
    ]);
    expect(columns(pre.transformInputs(table).x)).toEqual(expected);
    // read as numbers, 01 is "1": not a category seen in training, and the note says what to do
    const inferred = pre.transformInputs(readCsv(fresh));
    expect(columns(inferred.x)[0]?.slice(0, 3)).toEqual([0, 0, 0]);
    expect(inferred.report.notes).toEqual([
      `code: 2 values of categories not seen in training, encoded as all zeros ("1" ×1, "2" ×1); the rows were read with code as numbers: read them with the preprocessor's readCsv or readJson to keep its text as written`,
    ]);
  });

  it('readJson and rows given as objects are typed the same way; other columns are inferred', () => {
    const json = '[{"code": "01", "x": "1", "id": "007"}, {"code": "02", "x": 2, "id": "008"}]';
    const table = pre.readJson(json, { keepSource: true });
    expect(table.types).toEqual({ code: 'category', x: 'number', id: 'number' });
    expect(table.source).toEqual([
      ['01', '1', '007'],
      ['02', 2, '008'],
    ]);
    expect(columns(pre.transformInputs(table).x)).toEqual(expected);
    expect(columns(pre.transformInputs(JSON.parse(json)).x)).toEqual(expected);
    expect(pre.readCsv('code,x,id\n01,1,007\n', { types: { id: 'category' } }).rows).toEqual([
      { code: '01', x: 1, id: '007' },
    ]);
    expect(() => pre.readCsv(fresh, { types: { code: 'number' } })).toThrow(
      new InvalidOptionError(
        `Preprocessor.readCsv: types.code is "number", but the preprocessor reads code as category`,
      ),
    );
    expect(() => pre.readCsv('code,x\n01,abc\n')).toThrow(
      new DataError(`line 2, column "x": "abc" is not a number (the column's type is number)`),
    );
  });

  it('a target of number classes is inferred, so 1.0 is class 1; a category target is text', () => {
    const labels = Preprocessor.fit(readCsv('x,label\n1,0\n2,1\n3,1\n'), { target: 'label' });
    expect(labels.columnTypes).toEqual({ x: 'number' });
    expect(columns(labels.transform(labels.readCsv('x,label\n1,1.0\n2,0\n')).y)).toEqual([
      [0, 1],
      [1, 0],
    ]);
    const codes = Preprocessor.fit(readCsv('x,label\n1,01\n2,1\n3,A\n'), { target: 'label' });
    expect(codes.classes).toEqual(['01', '1', 'A']);
    expect(codes.columnTypes.label).toBe('category');
    expect(columns(codes.transform(codes.readCsv('x,label\n1,01\n2,1\n')).y)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    // rows to predict from may hold anything in a number target's column: it is not read
    const prices = Preprocessor.fit(readCsv('x,price\n1,1.5\n2,2.5\n3,3.7\n'), { target: 'price' });
    expect(prices.columnTypes).toEqual({ x: 'number' });
    expect(columns(prices.transformInputs(prices.readCsv('x,price\n1,unknown\n')).x)).toEqual([[-Math.sqrt(1.5)]]);
    expect(() => prices.transform(prices.readCsv('x,price\n1,unknown\n'))).toThrow(
      new DataError('line 2, column "price": "unknown" is not a number'),
    );
    // a JSON round trip reads the same
    const back = Preprocessor.fromJSON(JSON.stringify(codes));
    expect(back.readCsv('x,label\n1,01\n').rows).toEqual([{ x: 1, label: '01' }]);
  });
});

describe('Preprocessor.decode refuses outputs that are not numbers', () => {
  const flowers = toTable([
    { petal: 1, kind: 'iris' },
    { petal: 5, kind: 'rose' },
    { petal: 3, kind: 'tulip' },
  ]);
  const pre = Preprocessor.fit(flowers, { target: 'kind' });

  it('names the sample, the output and the value, for a batch or samples', () => {
    expect(() =>
      pre.decode(
        Tensor.from([
          [0.2, Number.NaN],
          [0.3, 0],
          [0.5, 1],
        ]),
      ),
    ).toThrow(
      new DataError(
        'Preprocessor.decode: sample 1 (column 1 of the output), output 0 ("iris") is NaN: not a class score; expected finite outputs (did the network diverge, or are the inputs far beyond the training rows?)',
      ),
    );
    expect(() =>
      pre.decode([Tensor.from([[1], [0], [0]]), Tensor.from([[0], [Number.NEGATIVE_INFINITY], [0]])]),
    ).toThrow(/^Preprocessor\.decode: output\[1\], output 1 \("rose"\) is -Infinity: not a class score/);
    expect(() => pre.decode(Tensor.from([[Number.POSITIVE_INFINITY], [0], [0]]))).toThrow(
      /output 0 \("iris"\) is Infinity/,
    );
    expect(() => pre.decode(Tensor.from([[Number.NaN], [Number.NaN], [Number.NaN]]))).toThrow(DataError);
    expect(pre.decode(Tensor.from([[0], [2], [1]]))).toEqual([{ value: 'rose' }]);
  });

  it('label-encoded classes and numbers too', () => {
    const label = Preprocessor.fit(flowers, { target: 'kind', columns: { kind: { encode: 'label' } } });
    expect(() => label.decode(Tensor.from([[Number.NaN]]))).toThrow(
      /^Preprocessor\.decode: sample 0 \(column 0 of the output\), output 0 \("kind"\) is NaN: not a class score/,
    );
    const regression = Preprocessor.fit(flowers, { target: 'petal', task: 'regression' });
    expect(() => regression.decode([Tensor.from([[Number.NaN]])])).toThrow(
      /^Preprocessor\.decode: output\[0\], output 0 \("petal"\) is NaN: not a number/,
    );
    expect(() => regression.decode(Tensor.from([[1.7e308]]))).toThrow(
      "Preprocessor.decode: sample 0 (column 0 of the output): the output 1.7e+308 is Infinity in petal's unit, too large for a float64",
    );
  });

  it('OneHotEncoder.inverseTransform refuses NaN rather than choosing the first category', () => {
    const encoder = OneHotEncoder.fit(['a', 'b']);
    expect(() => encoder.inverseTransform([[Number.NaN, 0.5]])).toThrow(
      new DataError('OneHotEncoder.inverseTransform: vectors[0][0] is NaN, expected a finite number'),
    );
  });
});

describe('Preprocessor JSON', () => {
  const pre = Preprocessor.fit(table, { target: 'price', columns: { colour: { unknown: 'error' } } });

  it('round-trips: the same inputs, targets, decoding and description', () => {
    const back = Preprocessor.fromJSON(JSON.parse(JSON.stringify(pre)));
    expect(columns(back.transform(table).x)).toEqual(columns(pre.transform(table).x));
    expect(columns(back.transform(table).y)).toEqual(columns(pre.transform(table).y));
    expect(back.describe()).toEqual(pre.describe());
    expect(back.decode(Tensor.from([[1]]))).toEqual(pre.decode(Tensor.from([[1]])));
    expect(Preprocessor.fromJSON(JSON.stringify(pre)).toJSON()).toEqual(pre.toJSON());
    const classes = Preprocessor.fit(table, {
      target: 'colour',
      columns: { colour: { encode: 'label' }, size: { scale: 'none', missing: 'drop' } },
    });
    expect(Preprocessor.fromJSON(JSON.parse(JSON.stringify(classes))).toJSON()).toEqual(classes.toJSON());
  });

  it('names the JSON path of what is wrong, under the path given', () => {
    const json = () => JSON.parse(JSON.stringify(pre));
    const read = (edit: (j: any) => void, path?: string) => () => {
      const j = json();
      edit(j);
      Preprocessor.fromJSON(j, path);
    };
    expect(read((j) => (j.format = 'nn-model'))).toThrow(
      new DataFormatError('preprocessor.format', 'expected "nn-preprocessor", got "nn-model"'),
    );
    expect(read((j) => (j.version = 2))).toThrow(
      new DataFormatError('preprocessor.version', 'expected 1, got 2 (written by a newer version of @nn/data)'),
    );
    expect(read((j) => (j.features[0].step.std = -1), 'metadata.preprocessor')).toThrow(
      new DataFormatError('metadata.preprocessor.features[0].step.std', 'expected a number > 0, got -1'),
    );
    expect(read((j) => (j.features[1].step.categories = []))).toThrow(
      new DataFormatError('preprocessor.features[1].step.categories', 'expected at least 1 string, got 0'),
    );
    expect(read((j) => (j.features[0].step = { type: 'OneHotEncoder', categories: ['a'], unknown: 'zeros' }))).toThrow(
      new DataFormatError(
        'preprocessor.features[0].step.type',
        'expected "Standardizer" or "MinMaxScaler", got "OneHotEncoder"',
      ),
    );
    expect(read((j) => (j.features[1].step = { type: 'Standardizer', mean: 0, std: 1 }))).toThrow(
      new DataFormatError(
        'preprocessor.features[1].step.type',
        'expected "OneHotEncoder" or "LabelEncoder", got "Standardizer"',
      ),
    );
    expect(read((j) => (j.features[1].step = null))).toThrow(
      new DataFormatError('preprocessor.features[1].step', 'a category column needs an encoder, got null'),
    );
    expect(read((j) => (j.features[0].missing.value = 'x'))).toThrow(
      new DataFormatError('preprocessor.features[0].missing.value', 'the mean is a number, got "x"'),
    );
    expect(read((j) => (j.features[1].missing = { type: 'Imputer', strategy: 'mostFrequent', value: 3 }))).toThrow(
      new DataFormatError('preprocessor.features[1].missing.value', 'expected a string for a category column'),
    );
    expect(read((j) => (j.features[0].missingInTraining = 1.5))).toThrow(
      new DataFormatError('preprocessor.features[0].missingInTraining', 'expected an integer ≥ 0, got 1.5'),
    );
    expect(read((j) => (j.features = []))).toThrow(
      new DataFormatError('preprocessor.features', 'expected at least one column'),
    );
    expect(read((j) => (j.features[1].name = 'size'))).toThrow(
      new DataFormatError('preprocessor.features', 'column "size" appears twice'),
    );
    expect(read((j) => (j.target.task = 'ranking'))).toThrow(
      /preprocessor.target.task: expected "classification" or "regression", got "ranking"/,
    );
    expect(read((j) => (j.ignored = [{ name: 'x' }]))).toThrow(
      new DataFormatError('preprocessor.ignored[0]', 'missing field "reason"'),
    );
    expect(read((j) => (j.extra = 1))).toThrow(/preprocessor.extra: unknown field/);
    expect(() => Preprocessor.fromJSON('{', 'p')).toThrow(DataFormatError);
    expect(() => Preprocessor.fromJSON(null)).toThrow(
      new DataFormatError('preprocessor', 'expected an object, got null'),
    );
  });
});
