/**
 * The network the playground trains: built from the state with the real `@nn/*` packages, trained
 * one epoch at a time by `@nn/train`'s `Trainer`, in mini-batches with the chosen optimizer and
 * regularization. Its model file carries the page's settings, so an import restores them.
 */
import { Activation, createActivation, Dense, type Layer, Linear, softmax, Tanh } from '@nn/layers';
import { type Loss, type LossPrime, mse, msePrime, softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import { Rng, Tensor, toBatch } from '@nn/tensor';
import { createOptimizer, loadModelFile, predict, saveModel, Trainer } from '@nn/train';
import { classes, generate, isRegression, type Point, split } from './dataset';
import { FEATURES } from './features';
import { ACTIVATIONS, FEATURE_NAMES, type FeatureName, type State, stateFromSettings } from './state';

/** The inputs the state switches on, in table order. */
export function activeFeatures(state: State): FeatureName[] {
  const on = FEATURE_NAMES.filter((name) => state[name]);
  return on.length > 0 ? on : ['x1'];
}

/** What the playground keeps in a model file's metadata. */
export interface PlaygroundMetadata {
  /** The page's settings, one field per property of the state. */
  settings: State;
  /** The epochs the network was trained for. */
  epoch: number;
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
  /** The training points' input and target columns, made once (and one more per added point). */
  private readonly xTrain: Tensor[];
  private readonly yTrain: Tensor[];
  /** Batches made once: the grids' inputs by size, and the training and test sets for their losses. */
  private readonly grids = new Map<number, Tensor>();
  private sets = new Map<Point[], { x: Tensor; y: Tensor }>();

  constructor(
    public state: State,
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
      ...(regularization === 'none' ? {} : { regularization: { penalty: regularization, rate: regularizationRate } }),
      divergenceGuard: false,
    });
  }

  /**
   * Takes new training settings (`TRAINING_SETTINGS`: learning rate, batch size, regularization,
   * optimizer) and keeps the network, its data and its epoch; the optimizer starts afresh.
   */
  configure(state: State): void {
    this.state = state;
    this.trainer = this.newTrainer();
  }

  /** How many training steps (batches) one epoch takes. */
  stepsPerEpoch(): number {
    return Math.ceil(this.train.length / this.state.batchSize);
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

  /** The mean loss over some points (the training or test set's batches are made once). */
  lossOn(points: Point[]): number {
    if (points.length === 0) return Number.NaN;
    let set = this.sets.get(points);
    if (!set || (set.x.shape[1] as number) !== points.length) {
      set = {
        x: toBatch(points.map((p) => this.input(p.x1, p.x2))),
        y: toBatch(points.map((p) => this.target(p))),
      };
      if (points === this.train || points === this.test) this.sets.set(points, set);
    }
    return this.loss(set.y, predict(this.network, set.x));
  }

  /** Measures the losses again, after a change to the weights or the data. */
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

  /** Adds a training point; the network and its epoch stay as they are. */
  addPoint(point: Point): void {
    this.train.push(point);
    this.xTrain.push(this.input(point.x1, point.x2));
    this.yTrain.push(this.target(point));
    this.measure();
  }

  /**
   * The network's output over a `size`×`size` grid of the plane [−6, 6]², row by row from
   * x2 = 6 (top) to x2 = −6 — for three classes each class's probability (softmax of the scores),
   * one grid after the other — and each hidden neuron's output over the same grid.
   */
  grid(size: number): { output: Float64Array; neurons: Float64Array[][] } {
    const n = size * size;
    let inputs = this.grids.get(size);
    if (!inputs) {
      // [features, n]: feature f of grid point k at f·n + k
      const data = new Float64Array(this.features.length * n);
      for (let row = 0; row < size; row++) {
        for (let col = 0; col < size; col++) {
          const [x1, x2] = [-6 + (12 * col) / (size - 1), 6 - (12 * row) / (size - 1)];
          this.features.forEach((name, f) => (data[f * n + row * size + col] = FEATURES[name].f(x1, x2)));
        }
      }
      inputs = new Tensor([this.features.length, n], data);
      this.grids.set(size, inputs);
    }
    const result = predict(this.network, inputs);
    // [outputs, n], row c the output c over the grid
    const output = Float64Array.from((this.outputs === 3 ? softmax(result) : result).data);
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

  /**
   * The trained network as the library's model file (JSON text), with the page's settings (`settings`,
   * the page's whole state: it also holds what only the page reads, such as showing test data) and
   * the epoch.
   */
  export(settings: State = this.state): string {
    const playground: PlaygroundMetadata = { settings, epoch: this.epoch };
    return saveModel(this.network, { metadata: { playground } });
  }

  /** Takes the network of a model file (from `readModelFile`) and the epoch it was trained to. */
  adopt(network: Layer[], epoch: number): void {
    const probe = predict(network, this.input(0, 0));
    if (probe.shape[0] !== this.outputs)
      throw new Error(`the model gives ${probe.shape[0]} outputs, this problem needs ${this.outputs}`);
    this.network = network;
    this.epoch = epoch;
    this.trainer = this.newTrainer();
    this.measure();
  }
}

/**
 * Reads a model file for the page: its network and the state to show it in — the settings saved
 * with it (a field that does not read keeps `current`'s value, and `problems` says which), the
 * hidden layers and activation read from the network itself, which must be Dense layers each
 * followed by an activation. A file without the playground's settings (`nn-xor train --save`)
 * keeps the page's settings and must take as many inputs as features are on.
 */
export function readModelFile(
  json: string,
  current: State,
): { state: State; network: Layer[]; epoch: number; problems: string[] } {
  const { network, metadata } = loadModelFile(json);
  const saved = metadata?.playground as Partial<PlaygroundMetadata> | undefined;
  const { state: settings, problems } = saved
    ? stateFromSettings(saved.settings, current)
    : { state: current, problems: [] as string[] };
  const dense = network.filter((layer): layer is Dense => layer instanceof Dense);
  const alternates = network.every((layer, i) => (i % 2 === 0 ? layer instanceof Dense : layer instanceof Activation));
  if (!alternates || dense.length > 9 || dense.slice(0, -1).some((d) => d.outputSize > 8))
    throw new Error(
      `the playground shows up to 8 hidden layers of up to 8 neurons, Dense layers each followed by an activation; this model is ${network.join(', ')}`,
    );
  // the hidden layers' activation: the layer after each Dense but the last
  const names = new Set(dense.slice(0, -1).map((_, l) => (network[2 * l + 1] as Activation).name));
  if (names.size > 1)
    throw new Error(
      `the playground uses one activation for every hidden layer; this model has ${[...names].join(', ')}`,
    );
  const [name] = [...names];
  const activation = name === undefined ? settings.activation : name.toLowerCase();
  if (!(ACTIVATIONS as readonly string[]).includes(activation))
    throw new Error(`the playground has no activation ${name}; it has ${ACTIVATIONS.join(', ')}`);
  const state: State = {
    ...settings,
    activation: activation as State['activation'],
    networkShape: dense.slice(0, -1).map((d) => d.outputSize),
  };
  const inputs = dense[0]?.inputSize;
  const features = activeFeatures(state).length;
  if (inputs !== features) {
    throw new Error(
      saved
        ? `the model takes ${inputs} inputs, but its settings switch on ${features} features`
        : `the model takes ${inputs} inputs, but ${features} features are on, and the file does not say which (it was not saved by the playground): switch on ${inputs} features and import it again`,
    );
  }
  const epoch = Number.isInteger(saved?.epoch) && (saved?.epoch as number) >= 0 ? (saved?.epoch as number) : 0;
  return { state, network, epoch, problems };
}
