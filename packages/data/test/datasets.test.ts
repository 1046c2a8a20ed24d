// Real tables from the vega-datasets package: penguins (classes, missing values, categories) and
// cars (a number to predict, missing values, an identifier column), read as JSON and as CSV.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Dense, softmax, Tanh } from '@nn/layers';
import { softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import { Rng, toBatch } from '@nn/tensor';
import { Adam, fit, loadModelFile, predict, saveModel } from '@nn/train';
import { describe, expect, it } from 'vitest';
import {
  kFold,
  Preprocessor,
  readCsv,
  readJson,
  rowsToBatch,
  samplesToRows,
  selectRows,
  splitRows,
  summarizeColumns,
  writeCsv,
} from '../src/index';

// the package exports only its code (build/index.js); its data/ folder sits beside build/
const folder = join(dirname(createRequire(import.meta.url).resolve('vega-datasets')), '..', 'data');
const dataset = (name: string) => readFileSync(join(folder, `${name}.json`), 'utf8');

describe('penguins (vega-datasets)', () => {
  const table = readJson(dataset('penguins'));

  it('reads 344 penguins: categorical Species, Island and Sex, missing values counted per column', () => {
    expect(table.rows).toHaveLength(344);
    expect(summarizeColumns(table).map(({ name, type, missing, distinct }) => [name, type, missing, distinct])).toEqual(
      [
        ['Species', 'category', 0, 3],
        ['Island', 'category', 0, 3],
        ['Beak Length (mm)', 'number', 2, 164],
        ['Beak Depth (mm)', 'number', 2, 80],
        ['Flipper Length (mm)', 'number', 2, 55],
        ['Body Mass (g)', 'number', 2, 94],
        ['Sex', 'category', 11, 2], // 10 null and one "."
      ],
    );
  });

  it('reads the same table back from CSV, each row on its line', () => {
    const csv = readCsv(writeCsv(table));
    expect(csv.rows).toEqual(table.rows);
    expect(csv.types).toEqual(table.types);
    expect(csv.rowNumbers[343]).toBe(345);
  });

  it('splits stratified, learns on the training rows, and a small network classifies the test rows', () => {
    const species = table.rows.map((row) => row.Species as string);
    const split = splitRows(table.rows.length, { validation: 0.15, test: 0.15, seed: 1, stratify: species });
    // shares 240.8, 51.6, 51.6: each part within one row of its share, the sizes adding up to 344
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([241, 51, 52]);
    for (const name of ['Adelie', 'Chinstrap', 'Gentoo']) {
      const count = species.filter((s) => s === name).length;
      expect(Math.abs(split.test.filter((i) => species[i] === name).length - 0.15 * count)).toBeLessThan(1);
    }
    const pre = Preprocessor.fit(selectRows(table, split.train), { target: 'Species' });
    expect(pre.inputNames).toEqual([
      'Island=Biscoe',
      'Island=Dream',
      'Island=Torgersen',
      'Beak Length (mm)',
      'Beak Depth (mm)',
      'Flipper Length (mm)',
      'Body Mass (g)',
      'Sex=FEMALE',
      'Sex=MALE',
    ]);
    const train = pre.transform(selectRows(table, split.train));
    const test = pre.transform(selectRows(table, split.test));
    expect(train.x).toHaveLength(241);
    // the training rows' inputs are standardised: mean 0 for every number column
    for (const i of [3, 4, 5, 6]) {
      const column = train.x.map((x) => x.data[i] as number);
      expect(Math.abs(column.reduce((a, v) => a + v, 0) / 241)).toBeLessThan(0.02); // filled rows sit at 0 too
    }
    const rng = new Rng(1);
    const network = [new Dense(9, 8, { rng }), new Tanh(), new Dense(8, 3, { rng })];
    fit(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, train.x, train.y, {
      epochs: 40,
      batchSize: 16,
      optimizer: new Adam(),
      learningRate: 0.01,
      rng,
    });
    const rows = selectRows(table, split.test).rows;
    const predictions = pre.decode(softmax(predict(network, rowsToBatch(samplesToRows(test.x))))); // rows ↔ samples on the way
    const right = predictions.filter((p, k) => p.value === rows[test.rows[k] as number]?.Species).length;
    expect(right / predictions.length).toBeGreaterThanOrEqual(0.95);
    for (const p of predictions) expect(p.probabilities?.reduce((a, q) => a + q, 0)).toBeCloseTo(1, 12);
    // a model file carries the preprocessor (its metadata): loaded back, the pair predicts the same from raw rows
    const file = loadModelFile(saveModel(network, { metadata: { preprocessor: pre.toJSON() } }));
    const carried = Preprocessor.fromJSON(file.metadata?.preprocessor, 'metadata.preprocessor');
    const again = carried.decode(softmax(predict(file.network, toBatch(carried.transformInputs(rows).x))));
    expect(again).toEqual(predictions);
  });

  it('5 stratified folds: each penguin validated once, each fold about a fifth of each species', () => {
    const species = table.rows.map((row) => row.Species as string);
    const folds = kFold(344, 5, { seed: 2, stratify: species });
    expect(folds.map((f) => f.validation.length)).toEqual([69, 69, 69, 69, 68]);
    expect(new Set(folds.flatMap((f) => f.validation)).size).toBe(344);
  });
});

describe('cars (vega-datasets)', () => {
  const table = readJson(dataset('cars'));

  it('reads 406 cars: 8 without Miles_per_Gallon, Origin and Year categories, Name an identifier', () => {
    expect(table.rows).toHaveLength(406);
    const summary = Object.fromEntries(summarizeColumns(table).map((c) => [c.name, c]));
    expect(summary.Miles_per_Gallon).toMatchObject({ type: 'number', missing: 8 });
    expect(summary.Horsepower).toMatchObject({ type: 'number', missing: 6 });
    expect(summary.Origin).toMatchObject({ type: 'category', distinct: 3 });
    expect(summary.Year).toMatchObject({ type: 'category', distinct: 12 });
  });

  it('regresses Miles_per_Gallon: the target standardised, rows without it left out, predictions back in miles per gallon', () => {
    const { train, test } = splitRows(406, { test: 0.2, seed: 3 });
    const pre = Preprocessor.fit(selectRows(table, train), { target: 'Miles_per_Gallon' });
    expect(pre.task).toBe('regression');
    expect(pre.ignored.map((c) => c.name)).toEqual(['Name']);
    expect(pre.inputSize).toBe(5 + 12 + 3);
    const encoded = pre.transform(table);
    expect(encoded.x).toHaveLength(398);
    expect(encoded.report.dropped.map((d) => d.column)).toEqual(Array(8).fill('Miles_per_Gallon'));
    expect(encoded.report.filled).toEqual({ Horsepower: 6 });
    // decoding the encoded targets gives the miles per gallon back
    const decoded = pre.decode(encoded.y).map((p) => p.value as number);
    encoded.rows.forEach((row, k) => expect(decoded[k]).toBeCloseTo(table.rows[row]?.Miles_per_Gallon as number, 10));
    expect(pre.transform(selectRows(table, test)).x.length).toBeLessThanOrEqual(test.length);
  });
});
