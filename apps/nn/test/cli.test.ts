/** The built command, run as a child process (its output piped): what it prints, its exit codes, its files. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv, readJson, writeCsv } from '@nn/data';
import { Dense, Tanh } from '@nn/layers';
import { Rng } from '@nn/tensor';
import { saveModel } from '@nn/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleText } from '../src/examples';

const bin = fileURLToPath(new URL('../bin/nn.js', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'nn-cli-'));
const at = (name: string) => join(folder, name);

function run(args: string[], { input = '' }: { input?: string } = {}) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: folder,
    encoding: 'utf8',
    input,
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '' },
  });
}

/** The figures of a `--json` report. */
function report(args: string[]) {
  const { status, stdout, stderr } = run([...args, '--json']);
  expect(stderr).toBe('');
  expect(status).toBe(0);
  return JSON.parse(stdout);
}

/** New penguins, as a user would bring them: a missing flipper and sex, an island never seen, a row with nothing. */
const NEW_PENGUINS = `Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex
Torgersen,39.1,18.7,181,3750,MALE
Biscoe,47.5,14.2,,4600,
Atlantis,49.0,19.5,210,3950,FEMALE
Dream,,,,,
`;

describe('nn (the built CLI)', () => {
  it('is built', () => {
    expect(existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url))), "run 'pnpm build' first").toBe(true);
  });

  it('--help lists both commands and every option; --version', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: nn train FILE --target COLUMN/);
    for (const option of [
      '--target',
      '--example',
      '--hidden',
      '--activation',
      '--optimizer',
      '--learning-rate',
      '--epochs',
    ])
      expect(help.stdout).toContain(`${option} `);
    for (const option of [
      '--batch-size',
      '--seed',
      '--validation',
      '--test',
      '--patience',
      '--cv',
      '--save',
      '--json',
      '--model',
    ])
      expect(help.stdout).toContain(`${option} `);
    expect(run(['-v']).stdout).toMatch(/^nn \d+\.\d+\.\d+\n$/);
  });
});

describe('nn train: the goals with the default settings (seed 1)', () => {
  it('penguins: test accuracy ≥ 0.97, the confusion matrix over the stratified test rows', () => {
    const r = report(['train', '--example', 'penguins']);
    expect(r).toMatchObject({ target: 'Species', task: 'classification', rows: 344 });
    expect(r.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(r.split).toEqual({ train: 241, validation: 51, test: 52 });
    expect(r.test.accuracy).toBeGreaterThanOrEqual(0.97);
    const matrix = r.test.confusionMatrix as number[][];
    expect(matrix.flat().reduce((a, n) => a + n, 0)).toBe(52);
    expect(matrix.reduce((a, row, i) => a + (row[i] as number), 0) / 52).toBeCloseTo(r.test.accuracy, 12);
    // trained with early stopping on the validation loss, one figure per epoch
    expect(r.training.history.valError).toHaveLength(r.training.epochs);
    expect(r.training.epochs).toBeLessThanOrEqual(500);
  });

  it('cars: test RMSE ≤ 3.0 miles per gallon; the 8 cars without one left out, Name left out as an identifier', () => {
    const r = report(['train', '--example', 'cars']);
    expect(r).toMatchObject({ target: 'Miles_per_Gallon', task: 'regression', rows: 406, rowsWithoutTarget: 8 });
    expect(r.split.train + r.split.validation + r.split.test).toBe(398);
    expect(r.test.rmse).toBeLessThanOrEqual(3.0);
    expect(r.test.r2).toBeGreaterThan(0.8);
    expect(r.columns.some((line: string) => line.startsWith('Name: ') && line.includes('identifier'))).toBe(true);
  });
});

describe('nn train --save, then nn predict from raw rows in another process', () => {
  const model = at('penguins.json');
  let trained: ReturnType<typeof run>;
  beforeAll(() => {
    writeFileSync(at('new-penguins.csv'), NEW_PENGUINS);
    trained = run(['train', '--example', 'penguins', '--save', model]);
  });

  it('train prints the columns, the network, the validation curve, the test accuracy and the confusion matrix', () => {
    const { status, stdout, stderr } = trained;
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('penguins (vega-datasets): 344 rows, 7 columns; Species is classification of 3 classes');
    expect(stdout).toContain('Island: category, one-hot over Biscoe, Dream, Torgersen');
    expect(stdout).toContain('split (seed 1, stratified by Species): 241 training, 51 validation, 52 test rows');
    expect(stdout).toContain('Dense(9→16)');
    expect(stdout).toContain('validation loss per epoch (log scale)');
    expect(stdout).toMatch(/test accuracy (0\.9[7-9]\d\d|1\.0000) \(\d+ of 52 rows right\)/);
    expect(stdout).toMatch(/true \\ predicted +Adelie +Chinstrap +Gentoo +precision +recall +F1/);
    expect(stdout).toContain(`saved the model and its preprocessing to ${model}`);
    expect(stdout).not.toContain('\x1b['); // piped: no colour, no progress bar
  });

  it('predict appends the prediction and each class probability; filled and unknown values said on stderr', () => {
    const { status, stdout, stderr } = run(['predict', '--model', model, 'new-penguins.csv']);
    expect(status).toBe(0);
    const out = readCsv(stdout);
    expect(out.columns).toEqual([
      ...readCsv(NEW_PENGUINS).columns,
      'predicted Species',
      'probability Adelie',
      'probability Chinstrap',
      'probability Gentoo',
    ]);
    expect(out.rows).toHaveLength(4);
    expect(out.rows[0]?.['predicted Species']).toBe('Adelie'); // the first penguin of the table
    for (const row of out.rows) {
      const p = ['Adelie', 'Chinstrap', 'Gentoo'].map((c) => row[`probability ${c}`] as number);
      expect(p.reduce((a, q) => a + q, 0)).toBeCloseTo(1, 4); // printed to 6 significant digits
      const best = ['Adelie', 'Chinstrap', 'Gentoo'][p.indexOf(Math.max(...p))];
      expect(row['predicted Species']).toBe(best);
    }
    expect(stderr).toContain(
      'nn: new-penguins.csv: Island: 1 value of categories not seen in training, encoded as all zeros ("Atlantis" ×1)',
    );
    expect(stderr).toMatch(/Flipper Length \(mm\): 2 missing values filled with 201/);
    expect(stderr).toMatch(/Sex: 2 missing values filled with "MALE"/);
  });

  it('predict --json from standard input: the rows as a JSON array, probabilities at full precision', () => {
    const { status, stdout } = run(['predict', '--model', model, '--json', '-'], { input: NEW_PENGUINS });
    expect(status).toBe(0);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ Island: 'Torgersen', 'Body Mass (g)': 3750, 'predicted Species': 'Adelie' });
    expect(rows[1]).toMatchObject({ 'Flipper Length (mm)': null, Sex: null });
    const p = ['Adelie', 'Chinstrap', 'Gentoo'].map((c) => rows[0]?.[`probability ${c}`] as number);
    expect(p.reduce((a, q) => a + q, 0)).toBeCloseTo(1, 12);
  });

  it('predicts the training table itself (JSON, with the target column in it) as the run measured', () => {
    writeFileSync(at('all-penguins.json'), exampleText('penguins'));
    const { status, stdout } = run(['predict', '--model', model, '--json', 'all-penguins.json']);
    expect(status).toBe(0);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    const right = rows.filter((row) => row['predicted Species'] === row.Species).length;
    expect(right / rows.length).toBeGreaterThanOrEqual(0.97);
  });

  it('a regression model predicts in the target unit, from CSV rows without the target', () => {
    const cars = at('cars.json');
    expect(run(['train', '--example', 'cars', '--save', cars]).status).toBe(0);
    const table = readJson(exampleText('cars'));
    const rows = table.rows.filter((row) => row.Miles_per_Gallon !== null).slice(0, 100);
    const columns = table.columns.filter((c) => c !== 'Miles_per_Gallon');
    writeFileSync(at('cars.csv'), writeCsv({ columns, rows }));
    const { status, stdout } = run(['predict', '--model', cars, 'cars.csv']);
    expect(status).toBe(0);
    const out = readCsv(stdout);
    expect(out.columns.at(-1)).toBe('predicted Miles_per_Gallon');
    const errors = out.rows.map(
      (row, i) => (row['predicted Miles_per_Gallon'] as number) - (rows[i]?.Miles_per_Gallon as number),
    );
    expect(Math.sqrt(errors.reduce((a, e) => a + e * e, 0) / errors.length)).toBeLessThan(4);
  });

  it("predict keeps the rows' own values whole in CSV (only its own figures are shown to 6 digits)", () => {
    writeFileSync(
      at('precise.csv'),
      'Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex\nDream,39.123456789,18.7,181,3750.25,MALE\n',
    );
    const { status, stdout } = run(['predict', '--model', model, 'precise.csv']);
    expect(status).toBe(0);
    const row = readCsv(stdout).rows[0];
    expect(row).toMatchObject({ 'Beak Length (mm)': 39.123456789, 'Body Mass (g)': 3750.25 });
    expect(String(row?.['probability Adelie']).replace(/^0\.0*|e.*$|\./g, '').length).toBeLessThanOrEqual(6);
  });

  it('predict refuses rows that already have a column it would append (exit 2)', () => {
    writeFileSync(at('clash.csv'), `${NEW_PENGUINS.split('\n')[0]},predicted Species\nDream,40,18,190,3700,MALE,x\n`);
    const { status, stderr } = run(['predict', '--model', model, 'clash.csv']);
    expect(status).toBe(2);
    expect(stderr).toBe('nn: clash.csv: the rows already have a column "predicted Species", which predict would add\n');
  });

  it('predict refuses rows without a column the model needs, naming it (exit 2)', () => {
    writeFileSync(at('no-sex.csv'), 'Island,Beak Length (mm)\nDream,40\n');
    const { status, stdout, stderr } = run(['predict', '--model', model, 'no-sex.csv']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^nn: no-sex\.csv: .*no column "Beak Depth \(mm\)"/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('predict refuses a model file without preprocessing (one nn train did not write)', () => {
    const rng = new Rng(1);
    writeFileSync(at('bare.json'), saveModel([new Dense(2, 3, { rng }), new Tanh()]));
    const { status, stderr } = run(['predict', '--model', 'bare.json', 'new-penguins.csv']);
    expect(status).toBe(2);
    expect(stderr).toBe(
      'nn: bare.json: the model file has no preprocessing (metadata.preprocessor); give a model file written by nn train --save\n',
    );
  });
});

describe("nn predict reads rows with the saved model's column types, and echoes them as written", () => {
  // code is a category in training (01, 02, A, B); a class is named like a spreadsheet formula
  const formula = '=HYPERLINK("http://evil.example","click")';
  const lines = ['code,x,y'];
  const quoted = `"${formula.replaceAll('"', '""')}"`; // as a spreadsheet would export it
  for (let i = 0; i < 40; i++) lines.push(`${['01', '02', 'A', 'B'][i % 4]},${i % 5},${i % 4 < 2 ? quoted : 'no'}`);
  const model = at('codes.json');
  beforeAll(() => {
    writeFileSync(at('codes.csv'), `${lines.join('\n')}\n`);
    expect(run(['train', 'codes.csv', '--target', 'y', '--epochs', '30', '--save', model, '--json']).status).toBe(0);
  });

  it('the same row, the same prediction, whatever else its file holds; its cells unchanged', () => {
    writeFileSync(at('only.csv'), 'code,x,id\n01,1.0,007\n02, 2 ,008\n');
    writeFileSync(at('mixed.csv'), 'code,x,id\nA,3,009\n01,1.0,007\n02, 2 ,008\n');
    const only = run(['predict', '--model', model, 'only.csv']);
    const mixed = run(['predict', '--model', model, 'mixed.csv']);
    expect([only.status, only.stderr, mixed.status, mixed.stderr]).toEqual([0, '', 0, '']);
    const [header, ...rows] = only.stdout.trimEnd().split('\n');
    expect(rows.map((row) => row.split(',').slice(0, 3).join(','))).toEqual(['01,1.0,007', '02," 2 ",008']);
    expect(rows).toEqual(mixed.stdout.trimEnd().split('\n').slice(2));
    // the class name is written so that a spreadsheet shows it as text
    expect(header).toBe(
      'code,x,id,predicted y,"probability =HYPERLINK(""http://evil.example"",""click"")",probability no',
    );
    expect(rows[0]).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    const json = JSON.parse(run(['predict', '--model', model, '--json', 'only.csv']).stdout);
    expect(json[0]).toMatchObject({ code: '01', x: 1, id: 7, 'predicted y': formula });
  });
});

describe('nn example', () => {
  it('prints a built-in table as CSV, or as the JSON it came as', () => {
    const csv = run(['example', 'penguins']);
    expect(csv.status).toBe(0);
    expect(readCsv(csv.stdout).rows).toEqual(readJson(exampleText('penguins')).rows);
    const json = run(['example', 'cars', '--json']);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(exampleText('cars')));
  });
});

describe('nn train: other tables and options', () => {
  it('reads CSV from standard input and takes the network, optimizer and split options', () => {
    const csv = writeCsv(readJson(exampleText('penguins')));
    const r = JSON.parse(
      run(
        ['train', '-', '--target', 'Species', '--hidden', '8', '--activation', 'tanh', '--optimizer', 'momentum']
          .concat(['--learning-rate', '0.05', '--epochs', '30', '--batch-size', '8', '--seed', '2', '--test', '0.2'])
          .concat(['--validation', '0.1', '--patience', '5', '--json']),
        { input: csv },
      ).stdout,
    );
    expect(r.data).toBe('standard input');
    expect(r.network).toBe('Dense(9→8) → Tanh → Dense(8→3)');
    expect(r.settings).toMatchObject({ optimizer: 'momentum', learningRate: 0.05, batchSize: 8, seed: 2, patience: 5 });
    expect(r.split.test).toBe(69); // 20 % of 344, per species
    expect(r.training.epochs).toBeLessThanOrEqual(30);
  });

  it('--cv K: each fold once the test rows, the mean ± std of the test accuracy', () => {
    const { status, stdout } = run(['train', '--example', 'penguins', '--cv', '3', '--epochs', '40']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^ {2}fold 1\/3: test accuracy \d\.\d{4} on 115 rows/m);
    expect(stdout).toMatch(
      /^3-fold cross-validation: test accuracy \d\.\d{4} ± \d\.\d{4} \(mean ± std over 3 folds\)$/m,
    );
    const r = report(['train', '--example', 'cars', '--cv', '3', '--epochs', '40']);
    expect(r.crossValidation.metric).toBe('rmse');
    expect(r.crossValidation.folds.map((f: { test: { rows: number } }) => f.test.rows)).toEqual([133, 133, 132]);
    const values = r.crossValidation.folds.map((f: { test: { rmse: number } }) => f.test.rmse) as number[];
    const mean = values.reduce((a, v) => a + v, 0) / 3;
    expect(r.crossValidation.mean).toBeCloseTo(mean, 12);
    expect(r.crossValidation.std).toBeCloseTo(Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 2), 12);
  });
});

describe('nn: mistakes are one line on stderr, exit code 2, nothing trained', () => {
  writeFileSync(at('bad.csv'), 'a,b,c\n1,2,3\n4,5\n');
  writeFileSync(
    at('rare.csv'),
    `a,y\n${Array.from({ length: 12 }, (_, i) => `${i},${'pq'[i % 2]}`).join('\n')}\n5.5,r\n`,
  );
  writeFileSync(at('one-class.csv'), 'a,y\n1,yes\n2,yes\n3,yes\n4,yes\n5,\n6,yes\n7,yes\n');
  it.each([
    [[], "nn: no command: expected train, predict or example; try 'nn --help' for the options"],
    [['bogus'], "nn: unknown command 'bogus': expected train, predict or example; try 'nn --help' for the options"],
    [['example'], "nn: example needs the name of one of penguins, cars; try 'nn --help' for the options"],
    [
      ['example', 'iris'],
      "nn: example needs the name of one of penguins, cars, got 'iris'; try 'nn --help' for the options",
    ],
    [
      ['example', 'cars', '--seed', '1'],
      "nn: --seed is not for example: nn example penguins > penguins.csv; try 'nn --help' for the options",
    ],
    [['train', '--bogus'], "nn: unknown option '--bogus'; try 'nn --help' for the options"],
    [
      ['train'],
      'nn: train needs a table: nn train data.csv --target COLUMN; or try a built-in one: nn train --example penguins',
    ],
    [
      ['train', '--example', 'iris'],
      "nn: --example must be one of penguins, cars, got 'iris'; try 'nn --help' for the options",
    ],
    [
      ['train', 'x.csv', '--example', 'cars'],
      "nn: give a table file or --example, not both (got 'x.csv'); try 'nn --help' for the options",
    ],
    [
      ['train', '--example', 'cars', '--epochs', '0'],
      "nn: --epochs must be an integer from 1 to 100,000, got '0'; try 'nn --help' for the options",
    ],
    [['train', '--example', 'cars', '--hidden', '8,x'], /^nn: --hidden must be up to 20 layer sizes .*got '8,x'/],
    [
      ['train', '--example', 'cars', '--test', '0.9'],
      "nn: --test must be a fraction in (0, 0.5], got '0.9'; try 'nn --help' for the options",
    ],
    [
      ['train', '--example', 'cars', '--target', 'Nope'],
      /^nn: --target 'Nope' is not a column of cars \(vega-datasets\); the columns are "Name", /,
    ],
    [
      ['train', '--example', 'cars', '--cv', '3', '--save', 'm.json'],
      'nn: --cv measures the settings over k trainings and saves no model; run again without --cv to --save the model',
    ],
    [
      ['train', '--example', 'penguins', '--task', 'regression'],
      "nn: --task regression needs a number target; Species holds categories; try 'nn --help' for the options",
    ],
    [['train', 'missing.csv', '--target', 'a'], 'nn: cannot read missing.csv: no such file'],
    [['train', 'bad.csv', '--target', 'c'], 'nn: bad.csv: line 3: 2 fields, expected 3 like the header (line 1)'],
    [
      ['train', '--example', 'cars', '--validation', '0.5', '--test', '0.5'],
      "nn: --validation 0.5 and --test 0.5 leave no rows to train on: together they must be below 1; try 'nn --help' for the options",
    ],
    [
      ['train', 'rare.csv', '--target', 'y', '--cv', '14'],
      "nn: --cv 14: rare.csv has 13 rows with a y, so at most 13 folds; try 'nn --help' for the options",
    ],
    [
      ['train', 'rare.csv', '--target', 'y', '--cv', '3'],
      'nn: --cv: class "r" of y has one row (line 14), so the fold that tests on it would train without it; give each class two rows or more, or train without --cv; try \'nn --help\' for the options',
    ],
    [
      ['train', 'one-class.csv', '--target', 'y'],
      'nn: y has one class ("yes") in the 6 rows with a y: there is nothing to tell apart; give a column of two classes or more, or --task regression for a number; try \'nn --help\' for the options',
    ],
    [
      ['predict', 'x.csv'],
      'nn: predict needs --model FILE; train and save one first: nn train data.csv --target COLUMN --save model.json',
    ],
    [
      ['predict', '--model', 'm.json', '--epochs', '3', 'x.csv'],
      "nn: --epochs is for train, not predict; try 'nn --help' for the options",
    ],
    [
      ['predict', '--model', 'missing.json', 'x.csv'],
      'nn: missing.json: no such file; give a model file written by nn train --save',
    ],
    [
      ['train', '--example', 'cars', '--save', join('no-folder', 'm.json')],
      /^nn: --save no-folder\/m\.json: the folder no-folder does not exist; nothing was trained/,
    ],
  ] as [string[], string | RegExp][])('%j', (args, message) => {
    const { status, stdout, stderr } = run(args);
    expect(stdout).toBe('');
    expect(status).toBe(2);
    expect(stderr.endsWith('\n') && stderr.split('\n')).toHaveLength(2); // one line
    if (typeof message === 'string') expect(stderr).toBe(`${message}\n`);
    else expect(stderr).toMatch(message);
  });
});

describe('nn train: a run that diverges', () => {
  it('says so in one line naming --learning-rate, exit code 1, and saves nothing', () => {
    const model = at('diverged.json');
    const { status, stderr } = run([
      'train',
      '--example',
      'cars',
      '--optimizer',
      'sgd',
      '--learning-rate',
      '1000',
      '--save',
      model,
    ]);
    expect(status).toBe(1);
    expect(stderr).toBe(
      'nn: training diverged in epoch 1: the loss or a weight became NaN or infinite, and nothing was saved; try a smaller --learning-rate\n',
    );
    expect(existsSync(model)).toBe(false);
  });
});

/** Runs the command on a terminal (a pseudo-terminal from util-linux's `script`): stdout and stderr together. */
function onTerminal(args: string[], env: Record<string, string>) {
  const command = [process.execPath, bin, ...args].map((word) => `'${word}'`).join(' ');
  return spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: folder,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', ...env },
  }).stdout;
}

describe.skipIf(spawnSync('script', ['--version']).status !== 0)('nn train on a terminal', () => {
  it('draws a progress bar on stderr, erased at the end, and colours the output unless NO_COLOR is set', () => {
    const coloured = onTerminal(['train', '--example', 'cars', '--epochs', '30'], {});
    const bar = '\\r\\[█*░*\\] epoch 1/30 {2}loss \\d\\.\\d{4} {2}validation loss \\d\\.\\d{4}\x1b\\[K';
    expect(coloured).toMatch(new RegExp(bar));
    expect(coloured).toContain('\r\x1b[K'); // the bar erased before the report
    expect(coloured).toContain('\x1b[1mcars (vega-datasets): 406 rows');
    const plain = onTerminal(['train', '--example', 'cars', '--epochs', '30'], { NO_COLOR: '1' });
    expect(plain).toContain('█'); // the bar is drawn (it has no colour)
    expect(plain.replaceAll('\x1b[K', '')).not.toContain('\x1b['); // but nothing is coloured
  });
});

describe('nn train: Ctrl-C', () => {
  it('stops at once with exit code 130 and leaves the file to save as it was', async () => {
    const model = at('kept.json');
    writeFileSync(model, 'the old model\n');
    const before = statSync(model).mtimeMs;
    const child = spawn(
      process.execPath,
      [bin, 'train', '--example', 'penguins', '--epochs', '100000', '--patience', '100000', '--save', model],
      { cwd: folder, env: { ...process.env } },
    );
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      // the data line is printed before training starts: interrupt a little after it, once
      if (stdout.includes('\n') && !sent) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 300);
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(
      new RegExp(
        `^nn: interrupted after \\d+ epochs: nothing was saved to ${model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n$`,
      ),
    );
    expect(readFileSync(model, 'utf8')).toBe('the old model\n');
    expect(statSync(model).mtimeMs).toBe(before);
  });
});
