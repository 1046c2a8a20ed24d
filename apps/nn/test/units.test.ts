/** The app's pure parts on small cases worked by hand: table formats, the report's text, the network. */
import { palette } from '@nn/cli-kit';
import { Preprocessor, readCsv, toTable } from '@nn/data';
import { Dense, Softmax } from '@nn/layers';
import { Rng, Tensor, toBatch } from '@nn/tensor';
import { predict, saveModel } from '@nn/train';
import { describe, expect, it } from 'vitest';
import { buildNetwork, savedNetwork } from '../src/network';
import { confusionTable, crossValidationLines, testLine } from '../src/report';
import { parseTable, tableFormat } from '../src/table-file';
import { PREDICT_BATCH, predictedCsv, predictRows, predictSamples, readTableModel } from '../src/predict-rows';
import { measure, type TestMetrics } from '../src/train-table';

describe('tableFormat: by the extension, else by the content', () => {
  it.each([
    ['data.csv', '[1]', 'csv'],
    ['data.TSV', 'a\tb', 'csv'],
    ['rows.json', 'a,b', 'json'],
    ['-', '  [{"a": 1}]', 'json'],
    ['-', '\uFEFF[{"a": 1}]', 'json'],
    ['data', 'a,b\n1,2', 'csv'],
    ['dir.json/data', 'a,b', 'csv'],
  ])('%s %j → %s', (name, text, format) => expect(tableFormat(name, text)).toBe(format));

  it('parses either into the same table', () => {
    const fromCsv = parseTable('t.csv', 'a,b\n1,x\n2,\n');
    const fromJson = parseTable('-', '[{"a": 1, "b": "x"}, {"a": 2, "b": null}]');
    expect(fromJson.rows).toEqual(fromCsv.rows);
    expect(fromJson.types).toEqual(fromCsv.types);
  });
});

describe('the report', () => {
  const classes: Extract<TestMetrics, { task: 'classification' }> = {
    task: 'classification',
    rows: 5,
    accuracy: 0.8,
    classes: ['no', 'yes'],
    confusionMatrix: [
      [2, 1],
      [0, 2],
    ],
    // no: 2 of the 2 predicted "no" are no (P = 1), 2 of the 3 "no" found (R = 2/3), F1 = 2·1·⅔/(1 + ⅔) = 0.8
    precision: [1, 2 / 3],
    recall: [2 / 3, 1],
    f1: [0.8, 0.8],
  };

  it('the test line: right rows counted from the diagonal; numbers with their unit', () => {
    expect(testLine(classes, 'y')).toBe('test accuracy 0.8000 (4 of 5 rows right)');
    expect(testLine({ task: 'regression', rows: 3, rmse: 2, mae: 1.5, r2: 0.25 }, 'mpg')).toBe(
      'test RMSE 2.0000, MAE 1.5000 (mpg), R² 0.2500 on 3 rows',
    );
  });

  it('the confusion matrix: rows true, columns predicted, with precision, recall and F1 per class', () => {
    expect(confusionTable(classes, palette(false))).toBe(
      [
        '  true \\ predicted   no  yes  precision  recall     F1',
        '  no                  2    1     1.0000  0.6667  0.8000',
        '  yes                 0    2     0.6667  1.0000  0.8000',
        '',
      ].join('\n'),
    );
  });

  it('cross-validation: each fold, then the mean ± the sample standard deviation', () => {
    const fold = (f: number, accuracy: number) => ({ fold: f, epochs: 10, test: { ...classes, accuracy } });
    // mean 0.9; deviations ±0.1: std √((0.01 + 0.01) / (2 − 1)) = 0.1414
    const lines = crossValidationLines({
      k: 2,
      metric: 'accuracy',
      folds: [fold(1, 0.8), fold(2, 1)],
      mean: 0.9,
      std: Math.SQRT2 / 10,
    });
    expect(lines).toEqual([
      '  fold 1/2: test accuracy 0.8000 on 5 rows (10 epochs)',
      '  fold 2/2: test accuracy 1.0000 on 5 rows (10 epochs)',
      '2-fold cross-validation: test accuracy 0.9000 ± 0.1414 (mean ± std over 2 folds)',
    ]);
  });
});

describe('the network', () => {
  it('Dense → f per hidden size, then Dense to the outputs; no hidden layer is a linear model', () => {
    const rng = new Rng(1);
    expect(buildNetwork(4, [8, 6], 'relu', 3, rng).map(String)).toEqual([
      'Dense(4→8)',
      'ReLU',
      'Dense(8→6)',
      'ReLU',
      'Dense(6→3)',
    ]);
    expect(buildNetwork(4, [], 'tanh', 1, rng).map(String)).toEqual(['Dense(4→1)']);
  });

  it('a classifier is saved with a Softmax on its scores, so the file predicts probabilities', () => {
    const dense = new Dense(1, 2);
    dense.weights = Tensor.from([[1], [-1]]);
    dense.bias = Tensor.from([[0], [0]]);
    const saved = savedNetwork([dense], 'classification');
    expect(saved.at(-1)).toBeInstanceOf(Softmax);
    // scores (1, −1): softmax = (e¹, e⁻¹) / (e¹ + e⁻¹)
    const p = Array.from(predict(saved, Tensor.from([[1]])).data);
    expect(p[0]).toBeCloseTo(Math.E / (Math.E + 1 / Math.E), 12);
    expect(savedNetwork([dense], 'regression')).toEqual([dense]);
  });
});

describe('measure: the test figures in the target unit', () => {
  it('regression: RMSE, MAE and R² of the decoded predictions against the table', () => {
    // y = 2x, so standardised (each by its mean and σ over the rows) y equals standardised x: ŷ = 1·x + 0 is exact
    const table = toTable([
      { x: 1, y: 2 },
      { x: 2, y: 4 },
      { x: 3, y: 6 },
    ]);
    const pre = Preprocessor.fit(table, { target: 'y', task: 'regression' });
    const dense = new Dense(1, 1);
    dense.weights = Tensor.from([[1]]);
    dense.bias = Tensor.from([[0]]);
    const exact = measure(pre, [dense], table) as Extract<TestMetrics, { task: 'regression' }>;
    expect(exact.rmse).toBeCloseTo(0, 12);
    expect(exact.r2).toBeCloseTo(1, 12);
    // a bias of 0.5: every prediction half a standard deviation of y too high
    dense.bias = Tensor.from([[0.5]]);
    const off = measure(pre, [dense], table) as Extract<TestMetrics, { task: 'regression' }>;
    const sigma = Math.sqrt(8 / 3); // the population σ of 2, 4, 6 that the standardiser learns
    expect(off.rmse).toBeCloseTo(0.5 * sigma, 12);
    expect(off.mae).toBeCloseTo(0.5 * sigma, 12);
  });
});

describe('predictRows: a row whose output is not a finite number', () => {
  it('gets no prediction, and a note naming its line, rather than NaN or class 0', () => {
    const table = toTable([
      { b: 1, y: 0 },
      { b: 2, y: 1 },
      { b: 3, y: 0 },
      { b: 4, y: 1 },
    ]);
    for (const task of ['regression', 'classification'] as const) {
      const preprocessor = Preprocessor.fit(table, { target: 'y', task });
      const network = [new Dense(1, preprocessor.outputSize)];
      const rows = toTable([{ b: 1e308 }, { b: -1e308 }, { b: 2 }]);
      // σ ≈ 1.1: ±1e308 standardised to ≈ ±9e307, times the weights, overflows to ±Infinity (then NaN)
      (network[0] as Dense).weights.data.fill(1e10);
      const { rows: out, notes } = predictRows({ network, preprocessor }, rows);
      expect(out[0]?.['predicted y']).toBeNull();
      expect(out[1]?.['predicted y']).toBeNull();
      expect(out[2]?.['predicted y']).not.toBeNull();
      expect(notes).toContain(
        'predicted y: no prediction for 2 rows, whose output is not a finite number (inputs far beyond those of the training rows?): row 1, row 2',
      );
    }
  });
});

describe("predict reads rows with the model's column types and echoes them as written", () => {
  // code is a category in training (01, 02, A); the class names would be formulas in a spreadsheet
  const training = readCsv('code,x,y\n01,1,=HYPERLINK("http://x")\n02,2,-no\nA,3,=HYPERLINK("http://x")\n');
  const preprocessor = Preprocessor.fit(training, { target: 'y' });
  const rng = new Rng(3);
  const network = savedNetwork([new Dense(preprocessor.inputSize, preprocessor.outputSize, { rng })], 'classification');
  const model = { network, preprocessor };
  const only = 'code,x,id\n01, 1.50 ,007\n02,NA,008\n';
  const mixed = 'code,x,id\nA,3,009\n01, 1.50 ,007\n02,NA,008\n';

  it('the same row gets the same prediction whatever else the file holds', () => {
    const a = predictRows(model, parseTable('only.csv', only, { preprocessor }));
    const b = predictRows(model, parseTable('mixed.csv', mixed, { preprocessor }));
    expect(a.rows.map((row) => row['predicted y'])).toEqual(b.rows.slice(1).map((row) => row['predicted y']));
    expect(a.rows.map((row) => row.code)).toEqual(['01', '02']);
    expect(a.notes).toEqual(['x: 1 missing value filled with 2 (the mean of the training rows)']);
  });

  it('CSV: the cells as written, then the predictions, a formula-like class quoted after a single quote', () => {
    const table = parseTable('only.csv', only, { preprocessor });
    const lines = predictedCsv(table, predictRows(model, table)).split('\n');
    expect(lines[0]).toBe('code,x,id,predicted y,probability -no,"probability =HYPERLINK(""http://x"")"');
    expect(lines[1]).toMatch(/^01," 1\.50 ",007,("'-no"|"'=HYPERLINK\(""http:\/\/x""\)"),0\.\d+,0\.\d+$/);
    expect(lines[2]).toMatch(/^02,NA,008,/);
    // without the model's types, the same text is read as numbers: 01 → 1 and 007 → 7
    const inferred = parseTable('only.csv', only);
    expect(predictedCsv(inferred, predictRows(model, inferred)).split('\n')[1]).toMatch(/^1,1\.5,7,/);
  });
});

describe('predictSamples: batches of PREDICT_BATCH samples, the outputs of one batch', () => {
  it('gives the numbers of one whole batch, across batch boundaries', () => {
    const rng = new Rng(5);
    const network = buildNetwork(3, [4], 'tanh', 2, rng);
    const x = Array.from({ length: 2 * PREDICT_BATCH + 3 }, () => Tensor.randn([3, 1], rng));
    const whole = predict(network, toBatch(x));
    const parts = predictSamples(network, x);
    expect(parts.shape).toEqual([2, x.length]);
    let worst = 0;
    for (let i = 0; i < whole.size; i++)
      worst = Math.max(worst, Math.abs((parts.data[i] as number) - (whole.data[i] as number)));
    expect(worst).toBeLessThan(1e-12);
    expect(() => predictSamples(network, [])).toThrow('toBatch: no samples'); // as predict(network, toBatch([])) does
  });
});

describe('readTableModel: the network and its preprocessing must fit each other', () => {
  it('refuses a file whose preprocessing makes other inputs or outputs than the network has', () => {
    const table = toTable([
      { a: 1, b: 2, y: 'p' },
      { a: 2, b: 1, y: 'q' },
    ]);
    const preprocessor = Preprocessor.fit(table, { target: 'y' }); // 2 inputs, 2 classes
    const file = (network: Dense[]) =>
      saveModel(network, { metadata: { preprocessor: preprocessor.toJSON() as Record<string, unknown> } });
    expect(readTableModel(file([new Dense(2, 2)])).preprocessor.inputSize).toBe(2);
    expect(() => readTableModel(file([new Dense(3, 2)]))).toThrow(
      'metadata.preprocessor: makes 2 inputs per row (a, b), but the network takes [3, 1]: Dense(3→2): takes samples of shape [3, 1], got [2, 1]',
    );
    expect(() => readTableModel(file([new Dense(2, 3)]))).toThrow(
      'metadata.preprocessor: reads 2 outputs per row (p, q), but the network gives [3, 1]',
    );
  });
});
