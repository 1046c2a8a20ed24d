#!/usr/bin/env node
import {
  checkDestinations,
  escaped,
  finishEvenIfOutputCloses,
  interruptible,
  isInteger,
  isPositiveInteger,
  isPositiveNumber,
  lineChart,
  numberOption,
  type OptionsConfig,
  palette,
  parseCommandLine,
  quoted,
  runCli,
  UsageError,
  useColour,
  writeFailure,
  writeFileAtomic,
} from '@nn/cli-kit';
import { DivergenceError, saveModel } from '@nn/train';
import { loadCo2, monthName } from './data';
import { FORECAST_DEFAULTS, type ForecastSettings, HORIZON, runForecast } from './model';

const HELP = `Usage: nn-forecast [options]

Trains an LSTM on the monthly CO₂ at Mauna Loa since 1958 (vega-datasets 3.2.1,
data/co2-concentration.csv) except the last ${HORIZON} months, forecasts those months one after
the other from its own forecasts, and prints its RMSE next to the seasonal-naive forecast's, and a plot.

What the model sees: windows of months, each month's change less the same month's change a year
earlier (the seasonal differencing of the "airline" model), scaled, with the month of the year.

Options:
  --epochs N          passes over the training windows, 1 to 10,000 (default ${FORECAST_DEFAULTS.epochs})
  --window N          months the model reads before each forecast, 1 to 120 (default ${FORECAST_DEFAULTS.window})
  --hidden N          the LSTM's state size, 1 to 1,024 (default ${FORECAST_DEFAULTS.hidden})
  --batch-size N      windows per step (default ${FORECAST_DEFAULTS.batchSize})
  --learning-rate X   Adam's learning rate (default ${FORECAST_DEFAULTS.learningRate})
  --seed N            seed of the weights and the shuffling (default 1)
  --save FILE         write the trained network as a model file (JSON), atomically, with its scale
  -h, --help          show this help

Exit codes: 0 success; 1 training failed (it diverged) or the network could not be saved;
2 bad usage (one line on stderr; nothing is trained: --save is checked first);
130 interrupted (Ctrl-C: nothing is saved).
`;

const OPTIONS = {
  epochs: { type: 'string' },
  window: { type: 'string' },
  hidden: { type: 'string' },
  'batch-size': { type: 'string' },
  'learning-rate': { type: 'string' },
  seed: { type: 'string' },
  save: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

/** The settings of the command line, checked: every mistake a one-line UsageError (exit code 2). */
function parse(argv: string[]): (ForecastSettings & { save?: string }) | 'help' {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${quoted(positionals[0])}`);
  const upTo = (max: number) => (n: number) => isPositiveInteger(n) && n <= max;
  const d = FORECAST_DEFAULTS;
  const settings = {
    seed: numberOption(values, 'seed', 1, isInteger, 'an integer'),
    epochs: numberOption(values, 'epochs', d.epochs, upTo(10_000), 'an integer from 1 to 10,000'),
    window: numberOption(values, 'window', d.window, upTo(120), 'an integer from 1 to 120'),
    hidden: numberOption(values, 'hidden', d.hidden, upTo(1024), 'an integer from 1 to 1,024'),
    batchSize: numberOption(values, 'batch-size', d.batchSize, isPositiveInteger, 'a positive integer'),
    learningRate: numberOption(values, 'learning-rate', d.learningRate, isPositiveNumber, 'a positive number'),
  };
  checkDestinations(values, ['save']); // before training, so that a run is not lost to a bad path
  return values.save === undefined ? settings : { ...settings, save: values.save };
}

async function main(argv: string[]): Promise<number> {
  const settings = parse(argv);
  if (settings === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  finishEvenIfOutputCloses(); // `nn-forecast --save m.json | head -1` still trains and saves
  const out = process.stdout;
  const p = palette(useColour(out, process.env));
  const series = loadCo2();
  const months = series.values.length;
  out.write(
    `CO₂ at Mauna Loa: ${months} months, ${monthName(series.start)} to ${monthName(series.start + months - 1)} ` +
      `(${series.filled.length} missing months filled by linear interpolation: ${series.filled.map(monthName).join(', ')}); ` +
      `training on all but the last ${HORIZON}, seed ${settings.seed}\n`,
  );
  const interrupt = interruptible();
  const every = Math.max(1, Math.round(settings.epochs / 10));
  let run: Awaited<ReturnType<typeof runForecast>>;
  try {
    run = await runForecast(settings, series, {
      signal: interrupt.signal,
      onEpoch: ({ epoch, epochs, error, seconds }) => {
        if (epoch === 1 || epoch % every === 0 || epoch === epochs)
          out.write(
            `epoch ${String(epoch).padStart(String(epochs).length)}/${epochs}  loss ${error.toFixed(5)}  ${p.dim(`(${seconds.toFixed(2)} s)`)}\n`,
          );
      },
    });
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    const nothing = settings.save !== undefined ? ', and nothing was saved' : '';
    process.stderr.write(
      `nn-forecast: training diverged in epoch ${error.epoch}: the loss became NaN or infinite${nothing}; try a smaller --learning-rate\n`,
    );
    return 1;
  } finally {
    interrupt.release();
  }
  if (run.stopped) {
    out.write(`interrupted after ${run.epochs} of ${settings.epochs} epochs\n`);
    if (settings.save !== undefined)
      process.stderr.write(`nn-forecast: interrupted: nothing was saved to ${escaped(settings.save)}\n`);
    return 130;
  }
  const { actual, lstm, naive, rmse } = run;
  out.write(
    `${run.network.map(String).join(' → ')}, ${run.samples} training windows, ${settings.epochs} epochs\n\n` +
      `RMSE over the last ${HORIZON} months (ppm): ${p.bold(`LSTM ${rmse.lstm.toFixed(3)}`)}, ` +
      `seasonal-naive ${rmse.lastYear.toFixed(3)} (${(rmse.lstm / rmse.lastYear).toFixed(2)}×; the last known year repeated)` +
      `, ${rmse.yearBefore.toFixed(3)} (${(rmse.lstm / rmse.yearBefore).toFixed(2)}×; each month's actual value 12 months before, the test year's for the second year)\n\n`,
  );
  const shown = 48; // months of history drawn before the forecast
  const history = run.history.slice(-shown);
  const pad = (values: readonly number[]) => [...history.map(() => undefined), ...values];
  out.write(
    lineChart(
      [
        { label: 'measured', values: [...history, ...actual], mark: '•', style: p.dim },
        { label: 'seasonal-naive', values: pad(naive.lastYear), mark: 'o', style: p.yellow },
        { label: 'LSTM', values: pad(lstm), mark: '×', style: p.cyan },
      ],
      {
        height: 16,
        palette: p,
        xLabels: [monthName(series.start + months - HORIZON - shown), monthName(series.start + months - 1)],
      },
    ),
  );
  if (settings.save === undefined) return 0;
  try {
    const { network, scale, window } = run.model;
    writeFileAtomic(settings.save, saveModel(network, { metadata: { app: 'nn-forecast', scale, window } }));
    out.write(`saved the network to ${escaped(settings.save)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`nn-forecast: ${writeFailure(settings.save, error)}\n`); // checked before training, but the disk may have changed
    return 1;
  }
}

runCli('nn-forecast', () => main(process.argv.slice(2)));
