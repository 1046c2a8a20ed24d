import { Dense, type Layer } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { LSTM } from '@nn/recurrent';
import { Rng, Tensor } from '@nn/tensor';
import { Adam, type EpochInfo, fitAsync, predict } from '@nn/train';

/**
 * What the model sees at each of the `window` months before the one it forecasts: the month's
 * change less the change of the same month a year earlier (the differencing of the "airline"
 * model, SARIMA's (0,1,0)(0,1,0)₁₂),
 *
 *   Dₘ = (yₘ − yₘ₋₁) − (yₘ₋₁₂ − yₘ₋₁₃),
 *
 * divided by the training D's standard deviation, and where the month falls in the year (sin and
 * cos of 2π·month/12). It gives the next month's D, scaled alike. A forecast of D = 0 everywhere
 * is the seasonal-naive forecast with drift (last year's shape, last year's growth); the model
 * learns how the growth and the shape of the year move on from there. The forecast undoes the
 * differencing one month at a time, yₘ = yₘ₋₁ + yₘ₋₁₂ − yₘ₋₁₃ + Dₘ, each forecast D fed back as
 * an input (24 months: 24 steps of its own output).
 */
export const FEATURES = 3;

/** The seasonal period: 12 months. */
export const SEASON = 12;

/** Settings of one run. */
export interface ForecastSettings {
  seed: number;
  epochs: number;
  /** Months of history the model reads for each forecast. */
  window: number;
  hidden: number;
  batchSize: number;
  learningRate: number;
}

/** The defaults of `pnpm forecast`. */
export const FORECAST_DEFAULTS: Omit<ForecastSettings, 'seed'> = {
  epochs: 30,
  window: 24,
  hidden: 32,
  batchSize: 32,
  learningRate: 0.01,
};

/** Builds the model: `[3, window]` → LSTM(3→h), its last state → Dense(h→1), the next change (scaled). */
export function buildForecastModel(hidden: number, rng: Rng): Layer[] {
  return [new LSTM(FEATURES, hidden, { rng }), new Dense(hidden, 1, { rng, init: 'xavier' })];
}

/** Dₘ of month m of a series (m > 12): (yₘ − yₘ₋₁) − (yₘ₋₁₂ − yₘ₋₁₃). */
export function seasonalDifference(values: readonly number[], m: number): number {
  const y = (k: number) => values[k] as number;
  return y(m) - y(m - 1) - (y(m - SEASON) - y(m - SEASON - 1));
}

/** The standard deviation of D over the months of a series that have one: the scale of the model's numbers. */
export function differenceScale(values: readonly number[]): number {
  const d = values.slice(SEASON + 1).map((_, k) => seasonalDifference(values, k + SEASON + 1));
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  return Math.sqrt(d.reduce((a, v) => a + (v - mean) ** 2, 0) / d.length) || 1;
}

/** The model's input for the `window` months ending with month `last` of a series: `[3, window]`. */
export function windowInput(
  values: readonly number[],
  last: number,
  { window, scale, firstMonth }: { window: number; scale: number; firstMonth: number },
): Tensor {
  const x = new Tensor([FEATURES, window]);
  for (let t = 0; t < window; t++) {
    const m = last - window + 1 + t;
    const month = firstMonth + m;
    x.data[t] = seasonalDifference(values, m) / scale; // element (i, t) at i·window + t
    x.data[window + t] = Math.sin((2 * Math.PI * month) / SEASON);
    x.data[2 * window + t] = Math.cos((2 * Math.PI * month) / SEASON);
  }
  return x;
}

/** One epoch's report. */
export interface ForecastEpoch extends EpochInfo {
  seconds: number;
}

/** A trained model and what it needs to forecast: its window and the scale of its numbers. */
export interface ForecastModel {
  network: Layer[];
  window: number;
  scale: number;
}

/** What `trainForecast` tells as it trains, and how to stop it (Ctrl-C). */
export interface ForecastHooks {
  onEpoch?: (report: ForecastEpoch) => void;
  signal?: AbortSignal;
}

/**
 * Trains on a series (the months before those to forecast): every window of `window` months is a
 * sample, the next month's D its target; mean squared error, Adam, gradients clipped at norm 1.
 * Lets the event loop run between batches (`fitAsync`); `stopped` says whether the signal stopped it.
 */
export async function trainForecast(
  settings: ForecastSettings,
  series: { start: number; values: readonly number[] },
  { onEpoch, signal }: ForecastHooks = {},
): Promise<ForecastModel & { samples: number; epochs: number; stopped: boolean }> {
  const rng = new Rng(settings.seed);
  const { values } = series;
  const scale = differenceScale(values);
  const shape = { window: settings.window, scale, firstMonth: series.start };
  const x: Tensor[] = [];
  const y: Tensor[] = [];
  for (let last = SEASON + settings.window; last + 1 < values.length; last++) {
    x.push(windowInput(values, last, shape));
    y.push(Tensor.from([[seasonalDifference(values, last + 1) / scale]]));
  }
  const network = buildForecastModel(settings.hidden, rng);
  let previous = performance.now();
  const result = await fitAsync(network, mse, msePrime, x, y, {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    optimizer: new Adam(),
    clip: { norm: 1 },
    shuffle: true,
    rng,
    ...(signal ? { signal } : {}),
    onEpoch: (info) => {
      const now = performance.now();
      onEpoch?.({ ...info, seconds: (now - previous) / 1000 });
      previous = now;
    },
  });
  return {
    network,
    window: settings.window,
    scale,
    samples: x.length,
    epochs: result.epochs,
    stopped: result.stopped === 'signal',
  };
}

/**
 * Forecasts the `horizon` months after a series, one month at a time: D from the model,
 * yₘ = yₘ₋₁ + yₘ₋₁₂ − yₘ₋₁₃ + D, and yₘ joins the series the next month's window reads.
 */
export function forecast(
  model: ForecastModel,
  series: { start: number; values: readonly number[] },
  horizon: number,
): number[] {
  const values = [...series.values];
  const shape = { window: model.window, scale: model.scale, firstMonth: series.start };
  const y = (k: number) => values[k] as number;
  for (let h = 0; h < horizon; h++) {
    const m = values.length;
    const d = model.scale * (predict(model.network, windowInput(values, m - 1, shape)).data[0] as number);
    values.push(y(m - 1) + y(m - SEASON) - y(m - SEASON - 1) + d); // yₘ = yₘ₋₁ + yₘ₋₁₂ − yₘ₋₁₃ + Dₘ
  }
  return values.slice(series.values.length);
}

/**
 * The seasonal-naive forecasts of the `horizon` months after `train`:
 * - `lastYear`: the forecaster's, from the training months alone: each month takes the value of the
 *   same month in the last year known (12 months earlier, or 24 for the second year);
 * - `yearBefore`: each month takes the actual value 12 months before it (for the second year,
 *   a month of the test period: information a forecast made at the cut would not have).
 */
export function seasonalNaive(train: readonly number[], test: readonly number[]) {
  const all = [...train, ...test];
  const n = train.length;
  return {
    lastYear: test.map((_, h) => all[n + h - 12 * Math.ceil((h + 1) / 12)] as number),
    yearBefore: test.map((_, h) => all[n + h - 12] as number),
  };
}

/** The months forecast: the last 24 of the series, which training never sees. */
export const HORIZON = 24;

/**
 * The whole of `pnpm forecast`: trains on all but the last `HORIZON` months of the series,
 * forecasts them, and measures the forecast and the seasonal-naive ones against what was measured.
 */
export async function runForecast(
  settings: ForecastSettings,
  series: { start: number; values: readonly number[] },
  hooks: ForecastHooks = {},
) {
  const history = series.values.slice(0, -HORIZON);
  const actual = series.values.slice(-HORIZON);
  const training = { start: series.start, values: history };
  const model = await trainForecast(settings, training, hooks);
  const lstm = model.stopped ? [] : forecast(model, training, HORIZON);
  const naive = seasonalNaive(history, actual);
  return {
    model,
    network: model.network,
    samples: model.samples,
    epochs: model.epochs,
    stopped: model.stopped,
    history,
    actual,
    lstm,
    naive,
    rmse: {
      lstm: rmseOf(actual, lstm),
      lastYear: rmseOf(actual, naive.lastYear),
      yearBefore: rmseOf(actual, naive.yearBefore),
    },
  };
}

/** The root-mean-square error of a forecast. */
export function rmseOf(actual: readonly number[], forecast: readonly number[]): number {
  return Math.sqrt(actual.reduce((sum, a, k) => sum + (a - (forecast[k] as number)) ** 2, 0) / actual.length);
}
