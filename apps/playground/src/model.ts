/**
 * The network the playground trains: built from the state with the real `@nn/*` packages, trained
 * one epoch at a time by `@nn/train`'s `Trainer`, in mini-batches with the chosen optimizer and
 * regularization.
 */
import { Activation, createActivation, Dense, type Layer, Linear, Tanh } from '@nn/layers';
import { type Loss, type LossPrime, mse, msePrime, softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import { Rng, Tensor, toBatch } from '@nn/tensor';
import { createOptimizer, loadModel, predict, saveModel, Trainer } from '@nn/train';
import { classes, generate, isRegression, type Point, split } from './dataset';
import { FEATURES } from './features';
import { FEATURE_NAMES, type FeatureName, type State } from './state';

/** The inputs the state switches on, in table order. */
export function activeFeatures(state: State): FeatureName[] {
  const on = FEATURE_NAMES.filter((name) => state[name]);
  return on.length > 0 ? on : ['x1'];
}

/** Everything one training session needs: data, network, loss and its trainer. */
export class PlaygroundModel {
  readonly features: FeatureName[];
  readonly outputs: number;
  readonly loss: Loss;
  readonly lossPrime: LossPrime;
  network: Layer[];
  train: Point[];
  test: Point[];
  epoch = 0;
  trainLoss = Number.NaN;
  testLoss = Number.NaN;
  private trainer: Trainer;
  private readonly rng: Rng;
  /** The training points' input and target columns, made once. */
  private readonly xTrain: Tensor[];
  private readonly yTrain: Tensor[];

  constructor(
    readonly state: State,
    points?: Point[],
  ) {
    this.features = activeFeatures(state);
    this.rng = new Rng(state.seed);
    const regression = isRegression(state.dataset);
    this.outputs = regression ? 1 : classes(state.dataset) === 3 ? 3 : 1;
    [this.loss, this.lossPrime] =
      this.outputs === 3 ? [softmaxCrossEntropy, softmaxCrossEntropyPrime] : [mse, msePrime];
    ({ train: this.train, test: this.test } = split(
      points ?? generate(state.dataset, state.noise, state.seed),
      state.trainRatio,
    ));
    this.network = this.build(regression);
    this.xTrain = this.train.map((p) => this.input(p.x1, p.x2));
    this.yTrain = this.train.map((p) => this.target(p));
    this.trainer = this.newTrainer();
    this.measure();
  }

  private build(regression: boolean): Layer[] {
    const layers: Layer[] = [];
    let inputs = this.features.length;
    for (const neurons of this.state.networkShape) {
      layers.push(
        new Dense(inputs, neurons, { rng: this.rng, init: 'xavier' }),
        createActivation(this.state.activation),
      );
      inputs = neurons;
    }
    layers.push(new Dense(inputs, this.outputs, { rng: this.rng, init: 'xavier' }));
    // two classes: one tanh output against labels −1/+1; regression: linear; three classes: softmax in the loss
    if (this.outputs === 1) layers.push(regression ? new Linear() : new Tanh());
    return layers;
  }

  /**
   * The settings as the step's options. No divergence guard: a run that blows up shows its NaN
   * losses, as TensorFlow Playground does, rather than an error every epoch.
   */
  private newTrainer(): Trainer {
    const { optimizer, momentum, beta1, beta2, batchSize, learningRate, regularization, regularizationRate } =
      this.state;
    return new Trainer(this.network, this.loss, this.lossPrime, {
      optimizer: createOptimizer(optimizer, { momentum, beta1, beta2 }),
      learningRate,
      batchSize,
      ...(regularization === 'none' ? {} : { regularization, regularizationRate }),
      divergenceGuard: false,
    });
  }

  /** A point's input column: the active features of (x1, x2). */
  input(x1: number, x2: number): Tensor {
    return new Tensor(
      [this.features.length, 1],
      Float64Array.from(this.features, (name) => FEATURES[name].f(x1, x2)),
    );
  }

  /** A point's target column: its label (two classes, regression) or one-hot (three classes). */
  target(point: Point): Tensor {
    if (this.outputs === 3)
      return new Tensor(
        [3, 1],
        Float64Array.from([0, 1, 2], (c) => (c === point.label ? 1 : 0)),
      );
    return new Tensor([1, 1], Float64Array.of(point.label));
  }

  /** The mean loss over some points. */
  lossOn(points: Point[]): number {
    if (points.length === 0) return Number.NaN;
    const x = toBatch(points.map((p) => this.input(p.x1, p.x2)));
    const y = toBatch(points.map((p) => this.target(p)));
    return this.loss(y, predict(this.network, x));
  }

  /** Measures the losses again, after a change to the weights. */
  remeasure(): void {
    this.measure();
  }

  private measure(): void {
    this.trainLoss = this.lossOn(this.train);
    this.testLoss = this.lossOn(this.test);
  }

  /**
   * One epoch: the training points, shuffled, through the trainer's steps in batches (forward,
   * the loss's derivative, backward, the regularization's gradient — L1: λ·sign(W), L2: λ·W —
   * and the optimizer's update).
   */
  trainEpoch(): void {
    const order = this.rng.shuffle(this.train.map((_, i) => i));
    this.trainer.epoch(
      order.map((i) => this.xTrain[i] as Tensor),
      order.map((i) => this.yTrain[i] as Tensor),
    );
    this.epoch++;
    this.measure();
  }

  /**
   * The network's output over a `size`×`size` grid of the plane [−6, 6]², row by row from
   * x2 = 6 (top) to x2 = −6, and each hidden neuron's output over the same grid.
   */
  grid(size: number): { output: Float64Array; neurons: Float64Array[][] } {
    const points: Tensor[] = [];
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        points.push(this.input(-6 + (12 * col) / (size - 1), 6 - (12 * row) / (size - 1)));
      }
    }
    const batch = toBatch(points);
    const result = predict(this.network, batch);
    const n = size * size;
    const output = new Float64Array(n);
    for (let k = 0; k < n; k++) output[k] = this.outputs === 3 ? argmax(result, k) : (result.data[k] as number);
    // each activation layer after a Dense holds its neurons' outputs for the grid: [neurons, n]
    const neurons = this.network
      .filter(
        (layer, i) =>
          layer instanceof Activation && i < this.network.length - 1 && this.network[i - 1] instanceof Dense,
      )
      .map((layer) => {
        const out = layer.output as Tensor;
        const count = out.shape[0] as number;
        return Array.from({ length: count }, (_, j) => Float64Array.from(out.data.subarray(j * n, (j + 1) * n)));
      });
    return { output, neurons };
  }

  /** The Dense layers in order: their `weights.get(j, i)` connect neuron i of one column to neuron j of the next. */
  denseLayers(): Dense[] {
    return this.network.filter((layer): layer is Dense => layer instanceof Dense);
  }

  /** The trained network as the library's model file (JSON text). */
  export(): string {
    return saveModel(this.network);
  }

  /** Replaces the network by one from a model file; it must take as many inputs and give as many outputs. */
  import(json: string): void {
    const network = loadModel(json);
    const takes = network[0]?.expectedInputShape();
    const inputs = takes?.length === 2 && takes[1] === 1 ? takes[0] : undefined;
    if (inputs !== this.features.length) {
      throw new Error(`the model takes ${inputs ?? 'other'} inputs, but ${this.features.length} features are on`);
    }
    const probe = predict(network, this.input(0, 0));
    if (probe.shape[0] !== this.outputs)
      throw new Error(`the model gives ${probe.shape[0]} outputs, this problem needs ${this.outputs}`);
    this.network = network;
    this.trainer = this.newTrainer();
    this.measure();
  }
}

function argmax(columns: Tensor, k: number): number {
  const b = columns.shape[1] as number;
  let best = 0;
  for (let c = 1; c < 3; c++)
    if ((columns.data[c * b + k] as number) > (columns.data[best * b + k] as number)) best = c;
  return best;
}
