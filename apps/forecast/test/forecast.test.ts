import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dense } from '@nn/layers';
import { loadModelFile } from '@nn/train';
import { describe, expect, it } from 'vitest';
import { loadCo2, monthName, parseMonthly } from '../src/data';
import {
  FORECAST_DEFAULTS,
  type ForecastModel,
  forecast,
  HORIZON,
  runForecast,
  seasonalDifference,
  seasonalNaive,
  windowInput,
} from '../src/model';
import '@nn/recurrent';

describe('the CO₂ series of vega-datasets', () => {
  it('is 746 months from 1958-03 to 2020-04, five of them missing from the file and interpolated', () => {
    const series = loadCo2();
    expect(series.values).toHaveLength(746);
    expect(monthName(series.start)).toBe('1958-03');
    expect(series.filled.map(monthName)).toEqual(['1958-06', '1958-10', '1964-02', '1964-03', '1964-04']);
    expect(series.values[0]).toBe(315.7);
    expect(series.values[series.values.length - 1]).toBe(416.18);
  });

  it('fills a gap linearly and refuses rows it cannot read, naming the line', () => {
    const csv = 'Date,CO2,adjusted CO2\n2000-01-01,1,0\n2000-04-01,4,0\n';
    expect(parseMonthly(csv)).toEqual({
      start: 2000 * 12,
      values: [1, 2, 3, 4],
      filled: [2000 * 12 + 1, 2000 * 12 + 2],
    });
    expect(() => parseMonthly('Date,CO2\n2000-01-01,x\n')).toThrow('line 2: expected a date and a number');
    expect(() => parseMonthly('Date,CO2\n2000-02-01,1\n2000-01-01,2\n')).toThrow(
      'line 3: month 2000-01 is not after 2000-02',
    );
  });
});

describe('the model and the baselines', () => {
  // y = m² + a 12-month wave, whose D is known by hand
  const values = Array.from({ length: 60 }, (_, m) => m * m + 5 * Math.sin((2 * Math.PI * m) / 12));

  it('D removes a trend and a fixed season: D of m² + a 12-month wave is 2·12 (hand-worked)', () => {
    // (m² − (m−1)²) − ((m−12)² − (m−13)²) = (2m − 1) − (2m − 25) = 24; the wave cancels
    for (const m of [13, 30, 59]) expect(seasonalDifference(values, m)).toBeCloseTo(24, 9);
  });

  it('a model that forecasts D = 0 is the seasonal-naive forecast with drift', () => {
    // a window of one month is a column [3, 1]: a Dense(3→1) with zero weights and bias outputs D = 0
    const model: ForecastModel = { network: [new Dense(3, 1)], window: 1, scale: 1 };
    const dense = model.network[0] as Dense;
    dense.weights.data.fill(0);
    dense.bias.data.fill(0);
    const series = { start: 0, values: values.slice(0, 36) };
    const out = forecast(model, series, 24);
    // yₘ = yₘ₋₁ + yₘ₋₁₂ − yₘ₋₁₃: last year's shape, last year's growth
    const y = [...series.values];
    for (let h = 0; h < 24; h++) {
      const m = y.length;
      y.push((y[m - 1] as number) + (y[m - 12] as number) - (y[m - 13] as number));
    }
    expect(out).toEqual(y.slice(36));
  });

  it("the input of a window: D scaled, then the month's sine and cosine, a row each", () => {
    const x = windowInput(values, 20, { window: 2, scale: 4, firstMonth: 3 });
    expect(x.shape).toEqual([3, 2]);
    expect(x.data[0]).toBeCloseTo(6, 9); // D = 24, scaled by 4
    expect(x.data[2]).toBeCloseTo(Math.sin((2 * Math.PI * (3 + 19)) / 12), 12);
    expect(x.data[5]).toBeCloseTo(Math.cos((2 * Math.PI * (3 + 20)) / 12), 12);
  });

  it('seasonal-naive: the last known year repeated, or the actual value 12 months before', () => {
    const train = Array.from({ length: 24 }, (_, k) => k);
    const test = Array.from({ length: 24 }, (_, k) => 24 + k);
    const { lastYear, yearBefore } = seasonalNaive(train, test);
    expect(lastYear).toEqual([...train.slice(12), ...train.slice(12)]);
    expect(yearBefore).toEqual([...train.slice(12), ...test.slice(0, 12)]);
  });

  // The goal of `pnpm forecast` (RMSE at most half the seasonal-naive's) with the command's own
  // settings and seed: the full run takes seconds, so the test is the run itself.
  it('with the defaults and seed 1, the RMSE over the last 24 months is under half the seasonal-naive forecast (either kind)', async () => {
    const run = await runForecast({ ...FORECAST_DEFAULTS, seed: 1 }, loadCo2());
    expect(run.lstm).toHaveLength(HORIZON);
    expect(run.rmse.lstm).toBeLessThanOrEqual(run.rmse.lastYear / 2);
    expect(run.rmse.lstm).toBeLessThanOrEqual(run.rmse.yearBefore / 2);
  }, 120_000);
});

describe('the command nn-forecast', () => {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const run = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env });

  it('is built', () => {
    expect(existsSync(cli), `${cli} is missing: run 'pnpm build' first`).toBe(true);
  });

  it('trains, prints both RMSEs and a plot, saves the network with its scale', () => {
    const folder = mkdtempSync(join(tmpdir(), 'nn-forecast-'));
    const model = join(folder, 'co2.json');
    const { status, stdout, stderr } = run(['--epochs', '2', '--save', model]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^CO₂ at Mauna Loa: 746 months, 1958-03 to 2020-04 \(5 missing months/);
    expect(stdout).toMatch(/\nepoch 2\/2 {2}loss \d+\.\d{5} {2}\(\d+\.\d\d s\)\n/);
    expect(stdout).toMatch(
      /\nRMSE over the last 24 months \(ppm\): LSTM \d+\.\d{3}, seasonal-naive 4\.050 \(\d+\.\d\d×; the last known year repeated\), 2\.625 /,
    );
    expect(stdout).toContain('• measured   o seasonal-naive   × LSTM\n');
    expect(stdout).not.toContain('\x1b');
    const file = loadModelFile(readFileSync(model, 'utf8'));
    expect(file.metadata).toMatchObject({ app: 'nn-forecast', window: 24 });
    expect(file.network.map(String)).toEqual(['LSTM(3→32)', 'Dense(32→1)']);
  }, 60_000);

  it('bad flags: one line naming --help, exit code 2, nothing trained, no stack trace', () => {
    const help = "; try 'nn-forecast --help' for the options\n";
    const aFile = join(mkdtempSync(join(tmpdir(), 'nn-forecast-')), 'a-file');
    writeFileSync(aFile, '');
    const cases: [string[], string][] = [
      [['--epochs', '0'], `--epochs must be an integer from 1 to 10,000, got '0'${help}`],
      [['--window', '121'], `--window must be an integer from 1 to 120, got '121'${help}`],
      [['--hidden', 'x'], `--hidden must be an integer from 1 to 1,024, got 'x'${help}`],
      [['--batch-size', '0'], `--batch-size must be a positive integer, got '0'${help}`],
      [['--learning-rate', '-1'], `--learning-rate must be a positive number, got '-1'${help}`],
      [['--seed', 'one'], `--seed must be an integer, got 'one'${help}`],
      [['--bogus'], `unknown option '--bogus'${help}`],
      [['co2'], `unexpected argument 'co2'${help}`],
      [['--save', ''], `--save needs a file name${help}`],
      [
        ['--save', join(aFile, 'm.json')],
        `--save ${join(aFile, 'm.json')}: ${aFile} is a file, not a folder; nothing was trained: give a file in a folder you can write to\n`,
      ],
    ];
    for (const [args, message] of cases) {
      const { status, stdout, stderr } = run(args);
      expect(stderr, args.join(' ')).toBe(`nn-forecast: ${message}`);
      expect(status, args.join(' ')).toBe(2);
      expect(stdout, args.join(' ')).toBe('');
    }
    expect(run(['-h']).stdout).toContain('What the model sees');
  });

  it('Ctrl-C: stops training, leaves the file from before as it was, says so, exit code 130', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'nn-forecast-'));
    const model = join(folder, 'm.json');
    writeFileSync(model, 'the previous model');
    const child = spawn(process.execPath, [cli, '--epochs', '10000', '--save', model]);
    let [stdout, stderr] = ['', ''];
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('epoch ') && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stdout).toMatch(/interrupted after \d+ of 10000 epochs\n$/);
    expect(stderr).toBe(`nn-forecast: interrupted: nothing was saved to ${model}\n`);
    expect(readFileSync(model, 'utf8')).toBe('the previous model');
    expect(readdirSync(folder)).toEqual(['m.json']);
  }, 60_000);

  it('diverging: one line naming --learning-rate, nothing saved, exit code 1', () => {
    const folder = mkdtempSync(join(tmpdir(), 'nn-forecast-'));
    const model = join(folder, 'm.json');
    const { status, stderr } = run(['--epochs', '3', '--learning-rate', '1e308', '--save', model]);
    expect(stderr).toMatch(
      /^nn-forecast: training diverged in epoch \d: the loss became NaN or infinite, and nothing was saved; try a smaller --learning-rate\n$/,
    );
    expect(status).toBe(1);
    expect(existsSync(model)).toBe(false);
  }, 60_000);
});
