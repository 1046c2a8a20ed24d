/**
 * The library side of `@nn/mnist`: the app's networks and its data, for whoever must train exactly
 * what `pnpm mnist` trains (the benchmark does). The command itself is `src/cli.ts`.
 */
export { type Digit, loadMnist, type MnistSplit, PIXELS, splitDigits, toInput, toTarget } from './data';
export {
  type BuildOptions,
  buildModel,
  describeTraining,
  type LayerSpec,
  MODEL_NAMES,
  MODEL_SPECS,
  type MnistModel,
  type ModelName,
  type ModelSpec,
  OPTIMIZER_NAMES,
  type OptimizerName,
  type OptimizerSpec,
} from './models';
export { type EpochReport, type RunHooks, type RunPlan, type RunSettings, runMnist } from './train';
