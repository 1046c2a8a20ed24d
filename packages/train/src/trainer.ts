import {
  assertDistinctLayers,
  describeValue,
  Layer,
  layersOf,
  type Network,
  type Parameter,
  Sequential,
} from '@nn/layers';
import { type Loss, type LossPrime, mse, msePrime } from '@nn/losses';
import {
  batchShape,
  DTypeError,
  formatShape,
  InvalidOptionError,
  Rng,
  reuse,
  sameShape,
  ShapeError,
  Tensor,
  type TensorData,
  toBatch,
} from '@nn/tensor';
import { clipGradients } from './clipping';
import { DivergenceError, NonFiniteError } from './errors';
import { binaryThreshold, countCorrect } from './metrics';
import { type Optimizer, parametersOf, Sgd } from './optimizers';
import { CompiledNetwork, type CompileOption, type Engine, engineOf, runnerOf } from './compile/compile';
import type { Plan } from './compile/plan';
import { type Regularizer, regularizers } from './regularization';
import { checkColumnBatch } from './rows';
import { isSchedule, type Schedule } from './schedule';
import { type TrainingWarning, unscaledInput, warnOnConsole } from './unscaled';

/** A penalty on the weights and weight decay, as one option: `regularization: { penalty: 'L2', rate: 1e-4 }`. */
export interface RegularizationOptions {
  /** The penalty R: `'L1'`, `'L2'` or a `Regularizer` of your own; needs `rate`. */
  penalty?: Regularizer | 'L1' | 'L2';
  /** λ of the penalty λ·Σ R(w); 0 by default (off). */
  rate?: number;
  /** λ of decoupled weight decay W ← W − α·λ·W, applied apart from the gradient (AdamW); 0 by default. */
  weightDecay?: number;
}

/** Gradient clipping before each update, as one option: `clip: { norm: 5 }` (see `clipGradients`). */
export interface ClipOptions {
  /** Clip each gradient element into [−value, value]. */
  value?: number;
  /** Scale all gradients together so that their global L2 norm is at most `norm`. */
  norm?: number;
}

/** How a `Trainer` (and `fit`) trains; every option has the notes' default. */
export interface TrainerOptions {
  /**
   * α in W ← W − α·dE/dW; 0.01 by default, as in the notes. A `Schedule` (`stepDecay`,
   * `exponentialDecay`, `cosineDecay`, `linearWarmup`) gives α for each epoch instead.
   */
  learningRate?: number | Schedule;
  /**
   * How parameters are updated. By default the notes' update inside each layer's
   * `backward(outputGradient, learningRate)`; with an optimizer, `backward(outputGradient, 0)`
   * computes the gradients and `optimizer.step` updates, once per batch.
   */
  optimizer?: Optimizer;
  /**
   * A penalty on the weights and weight decay: `{ penalty: 'L2', rate: 1e-4, weightDecay }` (see
   * `RegularizationOptions`). Only parameters that say they are regularized are (weights and
   * kernels; not biases: see `Parameter.regularized`).
   *
   * The penalty alone (`'L1'`, `'L2'` or a `Regularizer`), with `regularizationRate`, is the
   * older form, deprecated.
   */
  regularization?: RegularizationOptions | Regularizer | 'L1' | 'L2';
  /** @deprecated Use `regularization: { penalty, rate }`. λ of the penalty; 0 by default (off). */
  regularizationRate?: number;
  /** @deprecated Use `regularization: { weightDecay }`. */
  weightDecay?: number;
  /** Samples per step, put side by side as columns; 1 by default (the notes' loop). */
  batchSize?: number;
  /** Shuffle the samples before each epoch; false by default (the notes' order). */
  shuffle?: boolean;
  /** The generator used to shuffle; `new Rng(0)` by default, so runs repeat. */
  rng?: Rng;
  /** Count the training samples classified right in each epoch (see `accuracy`). */
  accuracy?: boolean;
  /** Stops an epoch between two batches once aborted. */
  signal?: AbortSignal;
  /**
   * Stop with a `DivergenceError` as soon as the loss or a parameter is NaN or ±Infinity, with the
   * parameters restored to those at the start of that epoch. True by default.
   */
  divergenceGuard?: boolean;
  /** Epochs already trained, so that the next one is numbered `initialEpoch + 1`; 0 by default. */
  initialEpoch?: number;
  /** Clip the gradients before each update: `{ value }` element by element, `{ norm }` by their global norm. */
  clip?: ClipOptions;
  /** @deprecated Use `clip: { value }`. */
  clipValue?: number;
  /** @deprecated Use `clip: { norm }`. */
  clipNorm?: number;
  /**
   * Which engine runs the network: `'auto'` (the default) the compiled path when it runs every
   * layer, `true` the compiled path or an error, `false` the layers' own `forward` and `backward`
   * (see `CompileOption`). The `Trainer`'s `engine` says which one runs.
   */
  compile?: CompileOption;
  /**
   * Called once with a warning about the training inputs (they look unscaled); one `console.warn`
   * line by default. Pass `() => {}` to silence it.
   */
  onWarning?: (warning: TrainingWarning) => void;
}

/** What one epoch gives back. */
export interface EpochResult {
  /** The 1-based number of the epoch. */
  epoch: number;
  /** The mean of the loss over the epoch's samples (without the regularization penalty). */
  error: number;
  /** The fraction of samples classified right during the epoch, when `accuracy` is asked for. */
  accuracy?: number;
  /** `'signal'` when the epoch was aborted before its end: not counted, `error` over the batches it ran. */
  stopped?: 'signal';
}

/**
 * The training step and the epoch that every training loop is made of (`fit`, the playground, an
 * app's own loop). `step(x, y)` trains one batch as the notes do: forward, the loss, dE/dY, backward
 * through the layers in reverse, then the update. `epoch(xTrain, yTrain)` is one pass over the
 * samples in batches, step by step, guarded against divergence.
 *
 * Regularization joins the update: the penalty's gradient λ·R'(W) is added to each dE/dW (see
 * `L1`, `L2`), and weight decay shrinks W apart from the gradient. Weights and kernels are
 * regularized, biases are not: each parameter says so (`Parameter.regularized`). Then the gradients are clipped, when
 * `clipValue` or `clipNorm` asks. Since the penalty and the clipping must see the gradients
 * before the update, either without an optimizer updates by `Sgd` (the notes' update, bit for
 * bit) after `backward(outputGradient, 0)`.
 *
 * A Trainer collects the network's parameters once: assigning a new tensor to a layer's `weights`
 * (rather than writing into it) needs a new Trainer.
 */
export class Trainer {
  /** The number of epochs finished: `initialEpoch`, plus one per `epoch()` that ran to its end. */
  completedEpochs: number;

  /** @deprecated Use `completedEpochs` (`epochs` is how many a `fit` call trains). */
  get epochs(): number {
    return this.completedEpochs;
  }

  set epochs(epochs: number) {
    this.completedEpochs = epochs;
  }
  /** Y of the last step's batch: the last layer's own buffer, overwritten by the next step. */
  output: Tensor | null = null;
  private readonly options: TrainerOptions;
  private readonly parameters: Parameter[];
  private readonly update: Optimizer | undefined;
  private readonly rule: Regularizer | undefined;
  private readonly rng: Rng;
  private readonly snapshot: Float64Array[] | null;
  /** What runs the network: a `CompiledNetwork`, or a plain `Sequential` of its layers. */
  private readonly runner: Sequential;
  /** The runner's compiled plan, when it is a `CompiledNetwork`. */
  private readonly plan: Plan | null;
  /** True during an epoch that found, at its start, that the plan runs its samples. */
  private planned = false;
  private order: number[] = [];
  private checked: [readonly Tensor[] | null, readonly Tensor[] | null, number] = [null, null, 0];
  private gradient: Tensor | null = null;
  private xBatch: Tensor | null = null;
  private yBatch: Tensor | null = null;
  /** The samples' data for `mseEpoch`, made again when other sample arrays come. */
  private sampleData: { x: Tensor[]; y: Tensor[]; xData: TensorData[]; yData: TensorData[] } | null = null;
  private threshold = 0.5;
  /** True when a step is the notes' own: one sample, the layers' update, `mse` (see `fusedEpoch`). */
  private readonly notesStep: boolean;
  private warned = false;

  /**
   * @param network the layers to train, in order.
   * @param loss E(Ŷ, Y) of the targets Ŷ and the prediction Y, the batch's mean loss, such as `mse`.
   * @param lossPrime dE/dY, its derivative with respect to the prediction, such as `msePrime`.
   * @param options how to train; see `TrainerOptions`.
   */
  constructor(
    readonly network: Network,
    readonly loss: Loss,
    readonly lossPrime: LossPrime,
    options: TrainerOptions = {},
  ) {
    options = ungroup('Trainer', options);
    checkOptions('Trainer', options);
    const layers = layersOf(network);
    need(
      (network instanceof Sequential || Array.isArray(layers)) &&
        layers.length > 0 &&
        layers.every((layer) => layer instanceof Layer),
      'Trainer',
      'network',
      'a non-empty array of layers (instances, such as new Tanh()) or a Sequential',
      Array.isArray(layers)
        ? `[${layers.map((l) => (l instanceof Layer ? String(l) : describeValue(l))).join(', ')}]`
        : describeValue(network),
    );
    assertDistinctLayers('Trainer', network);
    need(
      typeof loss === 'function' && typeof lossPrime === 'function',
      'Trainer',
      'loss and lossPrime',
      'functions',
      `${typeof loss} and ${typeof lossPrime}`,
    );
    this.options = options ?? {};
    this.completedEpochs = options.initialEpoch ?? 0;
    this.rng = options.rng ?? new Rng(0);
    this.parameters = parametersOf(network); // layers keep their parameter and gradient tensors
    this.runner = runnerOf('Trainer', network, options.compile);
    this.plan = this.runner instanceof CompiledNetwork ? this.runner.plan : null;
    for (const layer of layers) {
      for (const { name, value } of layer.parameters()) {
        const i = value.data.findIndex((v) => !Number.isFinite(v));
        if (i >= 0) {
          throw new NonFiniteError(
            `Trainer: ${layer}'s ${name}[${i}] is ${value.data[i]} before training: a network trains from finite parameters`,
          );
        }
      }
    }
    const rule = options.regularization;
    if ((options.regularizationRate ?? 0) > 0) {
      this.rule = typeof rule === 'string' ? regularizers[rule] : (rule as Regularizer); // ungrouped above
    }
    // the penalty and clipping need the gradients before the update, so they update like an optimizer
    const beforeUpdate = this.rule || options.weightDecay || this.clips;
    this.update = options.optimizer ?? (beforeUpdate ? new Sgd() : undefined);
    this.snapshot =
      options.divergenceGuard === false ? null : this.parameters.map((p) => new Float64Array(p.value.size));
    this.notesStep =
      (options.batchSize ?? 1) === 1 && !this.update && !options.accuracy && loss === mse && lossPrime === msePrime;
  }

  /** The engine that runs the network: `'compiled'` or `'layers'` (see `TrainerOptions.compile`). */
  get engine(): Engine {
    return engineOf(this.runner);
  }

  /** α of the next step: `learningRate`, or its schedule's rate for the epoch under way. */
  get learningRate(): number {
    const { learningRate = 0.01 } = this.options;
    if (!isSchedule(learningRate)) return learningRate;
    const epoch = this.completedEpochs; // 0-based: the epochs finished before this one
    const rate = learningRate.rate(epoch);
    need(
      Number.isFinite(rate) && rate >= 0,
      'Trainer',
      `learningRate ${learningRate}`,
      `a finite number ≥ 0 at every epoch`,
      `${rate} at epoch ${epoch}`,
    );
    return rate;
  }

  /** True when the gradients are clipped before the update. */
  private get clips(): boolean {
    return this.options.clipValue !== undefined || this.options.clipNorm !== undefined;
  }

  /**
   * Trains one batch, `x` `[n, b]` against `y`, and returns its loss (the batch's mean, without the
   * penalty). With the divergence guard on, a loss that is not finite updates nothing.
   */
  step(x: Tensor, y: Tensor): number {
    this.runner.training = true;
    try {
      return this.trainBatch(x, y);
    } finally {
      this.runner.training = false; // a later forward or predict is inference
    }
  }

  /** `step` with the layers already in training mode (as `epoch` keeps them). */
  private trainBatch(x: Tensor, y: Tensor): number {
    const { runner, plan, parameters } = this;
    const learningRate = this.learningRate;
    // forward propagation (the plan's, checked once an epoch, or each layer's forward)
    const output = plan?.forward(x, this.planned) ?? runner.forward(x);
    this.output = output;
    // error calculation (the batch's mean loss)
    const error = this.loss(y, output);
    if (typeof error !== 'number') throw swapped('loss', 'a number', error);
    if (this.snapshot && !Number.isFinite(error)) return error; // diverging: update nothing
    // backward propagation: dE/dY of the last layer, then each layer's dE/dX in reverse
    this.gradient = this.lossPrime(y, output, reuse(this.gradient, output.shape, output.dtype));
    if (!(this.gradient instanceof Tensor)) throw swapped('lossPrime', 'a Tensor', this.gradient);
    // without an optimizer each layer updates itself inside backward: P ← P − α·dE/dP
    const rate = this.update ? 0 : learningRate;
    // dE/dX of the first layer that learns is not computed: nothing reads it (see `Sequential.backward`)
    if (!plan?.backward(this.gradient, rate, false, this.planned)) runner.backward(this.gradient, rate, false);
    if (!this.update) return error;
    this.regularize(learningRate);
    if (this.clips) clipGradients(parameters, this.options);
    // P ← update(P, dE/dP) for every parameter, once per batch
    this.update.step(parameters, learningRate);
    return error;
  }

  /**
   * Adds the penalty's gradient to every weight's and decays the weights, before the update;
   * the biases are left alone.
   */
  private regularize(learningRate: number): void {
    const { rule } = this;
    const rate = this.options.regularizationRate ?? 0;
    const decay = this.options.weightDecay ?? 0;
    if (!rule && !decay) return;
    for (const { value, gradient, regularized } of this.parameters) {
      if (regularized === false) continue;
      const w = value.data;
      const g = gradient.data;
      for (let i = 0; i < w.length; i++) {
        // dE/dW ← dE/dW + λ·R'(W), the gradient of the penalty λ·Σ R(W)
        if (rule) g[i] += rate * rule.der(w[i] as number);
        // W ← W − α·λ·W, decoupled weight decay (with W as the gradient saw it)
        if (decay) w[i] -= learningRate * decay * (w[i] as number);
      }
    }
  }

  /**
   * One pass over the samples (`xTrain[k]`, `yTrain[k]` a column `[n, 1]` or an image `[d, h, w]`)
   * in batches of `batchSize`, shuffled first when asked. Returns the epoch's mean error. Training
   * that diverges throws a `DivergenceError` numbered `completedEpochs + 1`, the parameters restored to
   * those at the start of the epoch.
   *
   * The first time it sees the inputs it looks at their ranges and calls `onWarning` once when
   * they look unscaled (see `unscaledInput`).
   */
  epoch(xTrain: readonly Tensor[], yTrain: readonly Tensor[]): EpochResult {
    const fused = this.fusedEpoch(xTrain, yTrain);
    if (fused !== null) return fused;
    const steps = this.epochSteps(xTrain, yTrain, false);
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
    }
  }

  /**
   * `epoch` as a generator that pauses after each batch and returns the epoch's result: how
   * `fitAsync` lets the event loop run between batches while training exactly as `epoch` does.
   * Drive it to its end (or call its `return()`), so that the layers go back to inference mode;
   * resume it with `next(true)` after letting other code run, which may have changed the network.
   * With `pauses` false it runs the whole epoch at its first `next()` (as `epoch` and `fit` do:
   * resuming a generator after every sample costs more than a small network's step).
   */
  *epochSteps(
    xTrain: readonly Tensor[],
    yTrain: readonly Tensor[],
    pauses = true,
  ): Generator<void, EpochResult, boolean | undefined> {
    this.checkSets(xTrain, yTrain);
    const { runner, parameters, snapshot, options } = this;
    const { batchSize = 1, signal } = options;
    const epoch = this.completedEpochs + 1;
    const order = this.shuffled(xTrain.length);
    if (snapshot)
      for (let i = 0; i < snapshot.length; i++)
        copy((parameters[i] as Parameter).value.data, snapshot[i] as Float64Array);
    let error = 0;
    let correct = 0;
    runner.training = true;
    this.planned = this.plan?.accepts(xTrain[0] as Tensor) ?? false; // the network checked once for the epoch
    try {
      for (let start = 0; start < order.length; start += batchSize) {
        if (signal?.aborted) return { epoch, error: error / start, stopped: 'signal' };
        const count = Math.min(batchSize, order.length - start);
        const first = order[start] as number;
        let x = xTrain[first] as Tensor;
        let y = yTrain[first] as Tensor;
        if (count > 1) {
          // samples side by side as columns, in buffers kept from batch to batch
          const picks = order.slice(start, start + count);
          x = this.xBatch = toBatch(xTrain, picks, reuse(this.xBatch, batchShape(x.shape, count), x.dtype));
          y = this.yBatch = toBatch(yTrain, picks, reuse(this.yBatch, batchShape(y.shape, count), y.dtype));
        }
        const loss = this.trainBatch(x, y);
        if (snapshot && !Number.isFinite(loss)) throw this.diverged(epoch, first, `the loss is ${loss}`);
        error += loss * count; // weighted by the batch's size
        if (options.accuracy) correct += this.countCorrect(y, count);
        if (!pauses) continue;
        // between batches: fitAsync may let the event loop run (and a page predict) here
        const resumed = yield;
        runner.training = true;
        if (resumed) this.planned = this.plan?.accepts(xTrain[0] as Tensor) ?? false; // the network checked again
      }
      if (snapshot && !finite(parameters)) throw this.diverged(epoch, undefined, 'a parameter is not finite');
    } finally {
      this.planned = false;
      runner.training = false;
    }
    return this.finish(epoch, error, correct, xTrain.length);
  }

  /**
   * The samples of the last step's batch classified right (see `countCorrect`), `y` its targets. A
   * batch of one sample is the sample itself, unbatched: a sequence `[v, T]` is then read as the
   * batch `[v, T, 1]` of one sequence (not as T samples side by side), as a batch of several is.
   */
  private countCorrect(y: Tensor, count: number): number {
    let [truth, output] = [y, this.output as Tensor];
    if (count === 1) {
      truth = truth.reshape(batchShape(truth.shape, 1));
      output = output.reshape(batchShape(output.shape, 1));
    }
    return countCorrect(truth, output, { threshold: this.threshold });
  }

  /** Checks the sample arrays when they are not the ones checked last (other arrays, or other lengths). */
  private checkSets(xTrain: readonly Tensor[], yTrain: readonly Tensor[]): void {
    const checked = this.checked;
    if (
      xTrain === checked[0] &&
      yTrain === checked[1] &&
      xTrain.length === checked[2] &&
      yTrain?.length === checked[2]
    ) {
      return;
    }
    checkSets('Trainer.epoch', xTrain, yTrain);
    const batch = Math.min(this.options.batchSize ?? 1, xTrain.length);
    checkColumnBatch('Trainer.epoch', 'xTrain', this.network, xTrain, batch); // columns a recurrent layer would misread
    this.checked = [xTrain, yTrain, xTrain.length];
    this.threshold = binaryThreshold(yTrain); // one threshold for every batch (see `accuracy`)
    this.warnOnce(xTrain);
  }

  /** The order of an epoch's `n` samples: 0 … n − 1, shuffled when asked. */
  private shuffled(n: number): number[] {
    let order = this.order;
    if (order.length !== n) order = this.order = indices(n);
    if (this.options.shuffle) this.rng.shuffle(order);
    return order;
  }

  /** Counts the epoch as finished and gives its result: the mean error over its `n` samples. */
  private finish(epoch: number, error: number, correct: number, n: number): EpochResult {
    this.completedEpochs = epoch;
    const result: EpochResult = { epoch, error: error / n };
    if (this.options.accuracy) result.accuracy = correct / n;
    return result;
  }

  /**
   * The epoch as the plan's generated `mseEpoch` runs it, when the step is the notes' own — one
   * sample at a time, the layers' update (no optimizer, penalty or clipping), `mse` and
   * `msePrime`, no accuracy counted — and the network a small one of Dense layers and built-in
   * activations: the numbers of `epochSteps`, bit for bit, without a call per layer or per sample.
   * Null when it does not apply, before anything changed but the sample arrays' check (then the
   * steps run).
   */
  private fusedEpoch(xTrain: readonly Tensor[], yTrain: readonly Tensor[]): EpochResult | null {
    const { options, plan } = this;
    if (plan === null || !this.notesStep) return null;
    this.checkSets(xTrain, yTrain);
    // after checkSets, whose onWarning may abort: the steps then stop before their first batch
    if (options.signal?.aborted) return null;
    if (!plan.accepts(xTrain[0] as Tensor) || !plan.runsMseEpoch(yTrain[0] as Tensor, this.parameters)) return null;
    // made again when a sample was replaced in place: each must be shaped and typed as the first
    let data = this.sampleData;
    if (data === null || !sameItems(data.x, xTrain) || !sameItems(data.y, yTrain)) {
      if (!alike(xTrain) || !alike(yTrain)) return null; // the steps say what is wrong
      data = { x: [...xTrain], y: [...yTrain], xData: dataOf(xTrain), yData: dataOf(yTrain) };
      this.sampleData = data;
    }
    const epoch = this.completedEpochs + 1;
    const learningRate = this.learningRate;
    // the snapshot is taken inside, with the numbers of the network written out
    const sum = plan.mseEpoch(data.xData, data.yData, this.shuffled(xTrain.length), learningRate, this.snapshot);
    this.output = plan.output;
    // inference mode after the epoch, as the steps leave it (read first: the generated epoch never
    // sets it, and a setter per layer per epoch was a twelfth of the XOR's time)
    const layers = this.runner.layers;
    for (let l = 0; l < layers.length; l++) if ((layers[l] as Layer).training) (layers[l] as Layer).training = false;
    if (this.runner.training) this.runner.training = false;
    if (sum === Number.NEGATIVE_INFINITY) throw this.diverged(epoch, undefined, 'a parameter is not finite');
    if (sum < 0) {
      // stopped at sample k before its update, the layers holding its forward pass
      const k = -1 - sum;
      throw this.diverged(epoch, k, `the loss is ${mse(yTrain[k] as Tensor, plan.output as Tensor)}`);
    }
    return this.finish(epoch, sum, 0, xTrain.length);
  }

  /** Puts the parameters of the epoch's start back and says where training diverged. */
  private diverged(epoch: number, sample: number | undefined, what: string): DivergenceError {
    this.parameters.forEach((p, i) => p.value.data.set(this.snapshot?.[i] as Float64Array));
    const where = sample === undefined ? '' : ` at sample ${sample}`;
    return new DivergenceError(
      `training diverged in epoch ${epoch}${where}: ${what}. The parameters were restored to those at the start of epoch ${epoch}; try a smaller learningRate.`,
      epoch,
      sample,
    );
  }

  /** Calls `onWarning` the first time the inputs look unscaled. */
  private warnOnce(xTrain: readonly Tensor[]): void {
    if (this.warned) return;
    const warning = unscaledInput('xTrain', xTrain);
    if (warning === null) return;
    this.warned = true;
    (this.options.onWarning ?? warnOnConsole)(warning);
  }

  /** λ·Σ R(w) over the weights: what regularization adds to the error (not in `step`'s or `epoch`'s). */
  penalty(): number {
    let sum = 0;
    for (const { value, regularized } of this.parameters) {
      if (this.rule && regularized !== false) for (const w of value.data) sum += this.rule.output(w);
    }
    return (this.options.regularizationRate ?? 0) * sum;
  }
}

/** 0, 1, …, n − 1, in an array of the kind `[]` starts as (not `map`'s), so that code reading it stays optimized. */
function indices(n: number): number[] {
  const order: number[] = [];
  for (let k = 0; k < n; k++) order.push(k);
  return order;
}

/**
 * The samples' data arrays, in an array made as `[]` and filled by `push`, as `indices` makes
 * `order`: an array `map` made takes another shape once `map` is compiled, which makes the
 * generated epoch that reads it compile again.
 */
function dataOf(samples: readonly Tensor[]): TensorData[] {
  const data: TensorData[] = [];
  for (const sample of samples) data.push(sample.data);
  return data;
}

/** True when both arrays hold the same samples in the same order. */
function sameItems(a: readonly Tensor[], b: readonly Tensor[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** True when every sample is a Tensor of the first's shape and dtype. */
function alike(samples: readonly Tensor[]): boolean {
  const first = samples[0] as Tensor;
  return samples.every((t) => t instanceof Tensor && t.dtype === first.dtype && sameShape(t.shape, first.shape));
}

/** `from`'s numbers into `to`: a loop, which for a small network's parameters is quicker than `set`. */
function copy(from: ArrayLike<number>, to: Float64Array): void {
  for (let i = 0; i < to.length; i++) to[i] = from[i] as number;
}

/** True when every parameter holds finite numbers only. */
function finite(parameters: readonly Parameter[]): boolean {
  return parameters.every(({ value }) => allFinite(value.data));
}

/**
 * True when every number of `data` is finite (`fit`'s check of its data, and the divergence guard's
 * of the parameters): v − v is 0 for a finite v and NaN for NaN or ±∞,
 * so the sum of them is 0 exactly when all are finite. Summed four at a time, without a branch
 * per number: a callback per number (findIndex) took a sixth of an MNIST epoch, and a test per
 * number twice as long as this.
 */
export function allFinite(data: TensorData): boolean {
  const n = data.length;
  let sum = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a = data[i] as number;
    const b = data[i + 1] as number;
    const c = data[i + 2] as number;
    const d = data[i + 3] as number;
    sum += a - a + (b - b) + (c - c) + (d - d);
  }
  for (; i < n; i++) sum += (data[i] as number) - (data[i] as number);
  return sum === 0;
}

/** Throws an InvalidOptionError naming `where` unless `ok`. */
export function need(ok: boolean, where: string, name: string, expected: string, value: unknown): void {
  if (!ok) throw new InvalidOptionError(`${where}: ${name} must be ${expected}, got ${value}`);
}

/**
 * The options with the grouped ones (`regularization: { … }`, `clip: { … }`) read into the flat
 * fields the Trainer reads (the older names, which still work); an option given both ways is refused.
 */
export function ungroup<T extends TrainerOptions>(where: string, options: T | null | undefined): T {
  // not an object (nor an array, which spreading would turn into one): checkOptions says so
  if (options == null || typeof options !== 'object' || Array.isArray(options)) return options as unknown as T;
  refuseUnknown(where, options, OPTION_NAMES);
  const flat: T = { ...options };
  const group = options.regularization;
  if (typeof group === 'object' && group !== null && typeof (group as Regularizer).der !== 'function') {
    need(
      !Array.isArray(group),
      where,
      'regularization',
      "{ penalty: 'L2', rate: 1e-4 } (or 'L1', 'L2', a Regularizer)",
      describeValue(group),
    );
    const { penalty, rate, weightDecay, ...rest } = group as RegularizationOptions;
    unknownKeys(where, 'regularization', rest, ['penalty', 'rate', 'weightDecay']);
    both(where, 'regularization.rate', rate, 'regularizationRate', options.regularizationRate);
    both(where, 'regularization.weightDecay', weightDecay, 'weightDecay', options.weightDecay);
    // checked here under the names given: null would otherwise read as not given (??)
    for (const [name, value] of [
      ['regularization.rate', rate],
      ['regularization.weightDecay', weightDecay],
    ] as const) {
      need(value === undefined || (Number.isFinite(value) && value >= 0), where, name, 'a finite number ≥ 0', value);
    }
    need(
      !((rate ?? 0) > 0 && penalty === undefined),
      where,
      'regularization.penalty',
      "'L1', 'L2' or a Regularizer when regularization.rate is set",
      describeValue(penalty),
    );
    flat.regularization = penalty;
    flat.regularizationRate = rate ?? options.regularizationRate;
    flat.weightDecay = weightDecay ?? options.weightDecay;
  }
  const clip = options.clip;
  if (clip !== undefined) {
    need(
      typeof clip === 'object' && clip !== null && !Array.isArray(clip),
      where,
      'clip',
      'an object such as { norm: 5 }',
      Array.isArray(clip) ? describeValue(clip) : clip,
    );
    const { value, norm, ...rest } = clip;
    unknownKeys(where, 'clip', rest, ['value', 'norm']);
    both(where, 'clip.value', value, 'clipValue', options.clipValue);
    both(where, 'clip.norm', norm, 'clipNorm', options.clipNorm);
    for (const [name, bound] of [
      ['clip.value', value],
      ['clip.norm', norm],
    ] as const) {
      need(
        bound === undefined || (Number.isFinite(bound) && bound > 0),
        where,
        name,
        'a positive finite number',
        bound,
      );
    }
    flat.clipValue = value ?? options.clipValue;
    flat.clipNorm = norm ?? options.clipNorm;
    delete flat.clip;
  }
  // undefined fields as if not given
  for (const key of Object.keys(flat) as (keyof T)[]) if (flat[key] === undefined) delete flat[key];
  return flat;
}

/**
 * Every option name of `fit`, `fitAsync` and the `Trainer` (which takes fit's options whole and reads
 * its own): a name outside it is a typo, refused rather than silently ignored.
 */
const OPTION_NAMES: readonly string[] = [
  'learningRate',
  'optimizer',
  'regularization',
  'regularizationRate',
  'weightDecay',
  'batchSize',
  'shuffle',
  'rng',
  'accuracy',
  'signal',
  'divergenceGuard',
  'initialEpoch',
  'clip',
  'clipValue',
  'clipNorm',
  'compile',
  'onWarning',
  // fit's and fitAsync's own
  'epochs',
  'onEpoch',
  'keepErrors',
  'validation',
  'validationData',
  'validationSplit',
  'metrics',
  'earlyStopping',
  'yieldEvery',
];

/** Refuses a name of `options` that is not one of `known`, suggesting the nearest one. */
export function refuseUnknown(where: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = known.find((name) => name.toLowerCase() === key.toLowerCase() || editDistance(name, key) <= 2);
    throw new InvalidOptionError(
      `${where}: there is no option '${key}'${near === undefined ? '' : ` (did you mean '${near}'?)`}; the options are ${known.join(', ')}`,
    );
  }
}

/** The number of one-character edits (insert, delete, replace) from `a` to `b`. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length] as number;
}

/** Refuses one setting given both by its grouped name and its older flat one. */
export function both(where: string, grouped: string, a: unknown, flat: string, b: unknown): void {
  if (a !== undefined && b !== undefined) {
    throw new InvalidOptionError(`${where}: ${grouped} and ${flat} are the same setting: give ${grouped} only`);
  }
}

/** Refuses keys of an option group that are none of `known` (a typo would be silently ignored). */
export function unknownKeys(where: string, group: string, rest: object, known: readonly string[]): void {
  const extra = Object.keys(rest);
  if (extra.length > 0) {
    throw new InvalidOptionError(
      `${where}: ${group} has no option ${extra.map((k) => `'${k}'`).join(', ')}, expected ${known.join(', ')}`,
    );
  }
}

/** Checks the options a Trainer reads (flat: see `ungroup`); `where` names the caller (`fit`, `Trainer`). */
export function checkOptions(where: string, options: TrainerOptions | null | undefined): void {
  need(
    options == null || (typeof options === 'object' && !Array.isArray(options)),
    where,
    'options',
    'an object',
    Array.isArray(options) ? 'an array' : typeof options,
  );
  const o = options ?? {};
  const { learningRate = 0.01, batchSize = 1, regularizationRate = 0, weightDecay = 0, initialEpoch = 0 } = o;
  need(
    isSchedule(learningRate) || (Number.isFinite(learningRate) && learningRate > 0),
    where,
    'learningRate',
    'a positive finite number or a Schedule (stepDecay(0.1), …)',
    learningRate,
  );
  for (const name of ['clipValue', 'clipNorm'] as const) {
    const value = o[name];
    need(value === undefined || (Number.isFinite(value) && value > 0), where, name, 'a positive finite number', value);
  }
  need(
    o.onWarning === undefined || typeof o.onWarning === 'function',
    where,
    'onWarning',
    'a function',
    typeof o.onWarning,
  );
  need(Number.isInteger(batchSize) && batchSize > 0, where, 'batchSize', 'a positive integer', batchSize);
  // beyond 2⁵³ an epoch number + 1 is itself: a run would never end
  need(
    Number.isInteger(initialEpoch) && initialEpoch >= 0 && initialEpoch <= 2 ** 40,
    where,
    'initialEpoch',
    'an integer from 0 to 2⁴⁰',
    initialEpoch,
  );
  need(
    o.optimizer === undefined || typeof o.optimizer?.step === 'function',
    where,
    'optimizer',
    "an Optimizer (createOptimizer('adam'), new Adam(), …)",
    typeof o.optimizer === 'string' ? `'${o.optimizer}'` : o.optimizer,
  );
  need(o.rng === undefined || typeof o.rng?.shuffle === 'function', where, 'rng', 'an Rng', o.rng);
  need(
    !(regularizationRate > 0 && o.regularization === undefined),
    where,
    'regularization',
    "'L1' or 'L2' when regularizationRate is set",
    o.regularization,
  );
  for (const [name, value] of [
    ['regularizationRate', regularizationRate],
    ['weightDecay', weightDecay],
  ] as const) {
    need(Number.isFinite(value) && value >= 0, where, name, 'a finite number ≥ 0', value);
  }
  const rule = o.regularization;
  need(
    rule === undefined ||
      (typeof rule === 'string' ? Object.hasOwn(regularizers, rule) : typeof (rule as Regularizer)?.der === 'function'),
    where,
    'regularization',
    "'L1', 'L2' or a Regularizer",
    typeof rule === 'string' ? `'${rule}'` : rule,
  );
}

/** Checks the sample arrays: Tensors of one shape and one dtype, with numbers, as many targets as inputs, and some. */
export function checkSets(
  where: string,
  x: readonly Tensor[],
  y: readonly Tensor[],
  [xName, yName]: readonly [string, string] = ['xTrain', 'yTrain'],
): void {
  for (const [name, samples] of [
    [xName, x],
    [yName, y],
  ] as const) {
    if (!Array.isArray(samples)) {
      throw new InvalidOptionError(
        `${where}: ${name} must be an array of Tensor samples, got ${describeValue(samples)}`,
      );
    }
    const k = samples.findIndex((sample) => !(sample instanceof Tensor));
    if (k >= 0) {
      throw new InvalidOptionError(
        `${where}: ${name}[${k}] is ${describeValue(samples[k])}, not a Tensor: make each sample a column with Tensor.from([[x1], [x2], …]) (shape [n, 1])`,
      );
    }
    const first = samples[0];
    if (first === undefined) continue;
    if (first.size === 0) {
      throw new ShapeError(
        `${where}: ${name}[0] has shape ${formatShape(first.shape)}: a sample needs at least one number`,
      );
    }
    samples.forEach((sample, k) => {
      if (!sameShape(sample.shape, first.shape)) {
        throw new ShapeError(
          `${where}: ${name}[${k}] has shape ${formatShape(sample.shape)}, expected ${formatShape(first.shape)} like ${name}[0]`,
        );
      }
      if (sample.dtype !== first.dtype) {
        throw new DTypeError(
          `${where}: ${name}[${k}] is ${sample.dtype}, but ${name}[0] is ${first.dtype}: the samples must share one dtype (convert with sample.astype('${first.dtype}'))`,
        );
      }
    });
  }
  if (x.length !== y.length) {
    throw new InvalidOptionError(
      `${where}: ${xName} has ${x.length} samples but ${yName} has ${y.length}, expected one target per input`,
    );
  }
  if (x.length === 0) {
    throw new InvalidOptionError(`${where}: ${xName === 'xTrain' ? 'the training set' : xName} is empty`);
  }
}

/** The error of a loss pair that returned the wrong kind: most likely `loss` and `lossPrime` swapped. */
function swapped(name: string, expected: string, value: unknown): InvalidOptionError {
  return new InvalidOptionError(
    `Trainer: ${name} returned ${value instanceof Tensor ? 'a Tensor' : describeValue(value)}, expected ${expected}: are loss and lossPrime swapped? (fit(network, mse, msePrime, …))`,
  );
}
