/**
 * The library side of `@nn/forecast`: the CO₂ series, the model, its forecast and the
 * seasonal-naive baselines. The command itself is `src/cli.ts`.
 */
export { loadCo2, type MonthlySeries, monthName, parseMonthly } from './data';
export {
  buildForecastModel,
  differenceScale,
  FEATURES,
  FORECAST_DEFAULTS,
  type ForecastEpoch,
  type ForecastHooks,
  type ForecastModel,
  type ForecastSettings,
  forecast,
  HORIZON,
  rmseOf,
  runForecast,
  SEASON,
  seasonalDifference,
  seasonalNaive,
  trainForecast,
  windowInput,
} from './model';
