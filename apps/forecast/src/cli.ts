#!/usr/bin/env node
import {
  epochLine,
  interruptible,
  isReportedEpoch,
  lineChart,
  option,
  paletteFor,
  trainingCli,
  trainingOptions,
} from '@nn/cli-kit';
import { DivergenceError, saveModel } from '@nn/train';
import { version } from '../package.json';
import { loadCo2, monthName } from './data';
import { FORECAST_DEFAULTS as d, HORIZON, runForecast } from './model';

const cli = trainingCli({
  command: 'nn-forecast',
  version,
  about: `Trains an LSTM on the monthly CO₂ at Mauna Loa since 1958 (vega-datasets 3.2.1,
data/co2-concentration.csv) except the last ${HORIZON} months, forecasts those months one after
the other from its own forecasts, and prints its RMSE next to the seasonal-naive forecast's, and a plot.

What the model sees: windows of months, each month's change less the same month's change a year
earlier (the seasonal differencing of the "airline" model), scaled, with the month of the year.
`,
  options: {
    epochs: trainingOptions.epochs({ over: 'the training windows', max: 10_000, fallback: d.epochs }),
    window: option.integer({ help: 'months the model reads before each forecast', max: 120, fallback: d.window }),
    hidden: option.integer({ help: "the LSTM's state size", max: 1024, fallback: d.hidden }),
    'batch-size': trainingOptions.batchSize({ per: 'windows', fallback: d.batchSize }),
    'learning-rate': trainingOptions.learningRate({ help: "Adam's learning rate", fallback: d.learningRate }),
    seed: trainingOptions.seed(),
    save: trainingOptions.save('write the trained network as a model file (JSON), atomically, with its scale'),
  },
});

async function main(argv: string[]): Promise<number> {
  const settings = cli.read(argv); // the --save file is checked before training, so that a run is not lost to it
  if (settings === undefined) return 0;
  const out = process.stdout;
  const p = paletteFor(out);
  const series = loadCo2();
  const months = series.values.length;
  out.write(
    `CO₂ at Mauna Loa: ${months} months, ${monthName(series.start)} to ${monthName(series.start + months - 1)} ` +
      `(${series.filled.length} missing months filled by linear interpolation: ${series.filled.map(monthName).join(', ')}); ` +
      `training on all but the last ${HORIZON}, seed ${settings.seed}\n`,
  );
  const interrupt = interruptible();
  let run: Awaited<ReturnType<typeof runForecast>>;
  try {
    run = await runForecast(settings, series, {
      signal: interrupt.signal,
      onEpoch: ({ epoch, epochs, error, seconds }) => {
        if (isReportedEpoch(epoch, epochs))
          out.write(`${epochLine(epoch, epochs, `loss ${error.toFixed(5)}`, p.dim(`(${seconds.toFixed(2)} s)`))}\n`);
      },
    });
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    return cli.diverged(error.epoch, 'the loss became NaN or infinite', settings);
  } finally {
    interrupt.release();
  }
  if (run.stopped) {
    out.write(`interrupted after ${run.epochs} of ${settings.epochs} epochs\n`);
    return cli.interrupted(settings);
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
  const { network, scale, window } = run.model;
  const { saved, code } = cli.save(settings, {
    save: () => saveModel(network, { metadata: { app: 'nn-forecast', scale, window } }),
  });
  for (const line of saved) out.write(`${line}\n`);
  return code;
}

cli.run(main);
