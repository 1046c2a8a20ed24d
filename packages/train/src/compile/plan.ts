import { type Activation, Dense, type Layer, type Parameter } from '@nn/layers';
import {
  type DType,
  dotInto,
  dotTransposeAInto,
  dotTransposeBInto,
  sharesMemory,
  Tensor,
  type TensorData,
} from '@nn/tensor';
import { planKind } from './support';
import { type FusedPasses, frameOf, fusedPasses, INLINE_BELOW } from './fused';
import { Stage } from './stage';

/**
 * A network of `Dense` layers and element-wise activations (`Tanh`, `Sigmoid`, `ReLU`,
 * `LeakyReLU`, `Elu`, `Linear` and any `Activation(f, f′)`), of any depth, compiled once for its
 * forward and backward passes: the layers' own equations, computed in the same order with the same
 * roundings (so the numbers are the layers' bit for bit, in float64 and float32), into buffers
 * made once per batch size, without the checks each layer makes on every call. `forward`,
 * `predict`, `fit` and the `Trainer`'s step use it when it applies, the layers one by one otherwise.
 *
 * A small network (a few hundred weights, the built-in activations) taking a small batch runs as
 * one generated function per pass, every layer fused into one loop over the batch's columns (see `fused.ts`); larger ones run
 * layer by layer through the same kernels `Dense` uses.
 *
 * The layers stay the source of truth: the plan reads and updates each layer's own `weights` and
 * `bias`, writes dE/dW and dE/dB into its `weightsGradient` and `biasGradient`, calls an
 * activation's own f and f′, and leaves every layer's `input` and `output` as its `forward` would
 * (the X of one layer is the Y of the one before). A call checks only that the network is still
 * the one compiled — the same layer objects in the same order, each holding the same parameter
 * tensors (a new tensor assigned to `weights` compiles the plan again) — and the input's shape
 * and dtype.
 *
 * It does not apply to a network with any other layer (dropout, convolution, pooling, reshaping,
 * softmax, a layer of your own, a subclass of `Dense` or `Activation` with its own `forward` or
 * `backward`), with one layer object at two places or parameters shared between layers (tied
 * weights), without a `Dense` layer, or whose layers do not chain or mix dtypes; nor to an input that is not a batch of columns `[inputSize, b]` of the
 * network's dtype. Then the layers run, and say what is wrong.
 *
 * What differs from the layers' own passes: the plan's output buffers take the place of the
 * layers' (each layer's `output` is set to the plan's), the layers' private dE/dX buffers are
 * left alone, and a `Trainer` step does not compute dE/dX of the first `Dense` layer, which
 * nothing reads.
 */
export class Plan {
  private stages: Stage[] | null = null;
  /** The layers as compiled, to see a change of the network array. */
  private layers: Layer[] = [];
  private dtype: DType = 'float64';
  private inputSize = 0;
  /** The last compile failed on a parameter's shape or dtype, which the next call may see mended. */
  private retry = false;
  /** The batch size the buffers are made for. */
  private batch = 0;
  /** The generated passes, while the network is small enough for them. */
  private fused: FusedPasses | null = null;
  /** The buffers and parameters the generated passes read, in their order. */
  private frame: unknown[] = [];
  /** The parameters as `parametersOf` lists them: each Dense layer's W, then B. */
  private values: Tensor[] = [];
  /** An output gradient already checked not to share memory with anything the backward pass writes. */
  private checkedGradient: Tensor | null = null;

  constructor(readonly network: readonly Layer[]) {
    this.compile();
  }

  /**
   * True when the plan runs the network (compiled again first if it changed) for inputs shaped and
   * typed like `input`. A loop that checked this once, and changes nothing in the network, may call
   * `forward` and `backward` with `checked` true, which skips checking the network again.
   */
  accepts(input: Tensor): boolean {
    return this.current() !== null && this.fits(input);
  }

  /** True for a batch of columns `[inputSize, b]` of the network's dtype. */
  private fits(input: Tensor): boolean {
    if (!(input instanceof Tensor)) return false;
    const shape = input.shape;
    return shape.length === 2 && shape[0] === this.inputSize && (shape[1] as number) > 0 && input.dtype === this.dtype;
  }

  /**
   * Y of the last layer for `input` `[inputSize, b]`, computed as the layers' `forward` would, each
   * layer's `input` and `output` set as they set them (the first layer's `input` is the plan's copy
   * of `input`); null when the plan does not apply (then run the layers). The result is the plan's
   * buffer, overwritten by the next call. With `checked`, the caller has seen `accepts` give true
   * and nothing changed the network since.
   */
  forward(input: Tensor, checked = false): Tensor | null {
    if (!(checked ? this.fits(input) : this.accepts(input))) return null;
    const stages = this.stages as Stage[];
    const b = input.shape[1] as number;
    if (b !== this.batch) this.resize(b);
    const fused = this.fused;
    if (fused !== null && b < fused.below) {
      // the input is copied first into the plan's X, whatever memory it shares with the plan's buffers
      (b === 1 ? fused.forwardOne : fused.forward)(this.frame, input.data, b);
    } else {
      const X = stages[0]?.input as Tensor;
      if (input.data !== X.data) X.data.set(input.data); // a copy, even of memory the plan writes
      for (const stage of stages) {
        const x = stage.input as Tensor;
        const y = stage.output as Tensor;
        if (stage.weights !== null) denseForward(stage, x, y, b);
        else activationForward(x.data, y.data, stage.layer as Activation);
        stage.layer.input = x;
        stage.layer.output = y;
      }
    }
    return (stages[stages.length - 1] as Stage).output;
  }

  /**
   * The layers' `backward` for `outputGradient` (dE/dY of the last layer) after this plan's
   * `forward`: each Dense layer's dE/dW and dE/dB into its `weightsGradient` and `biasGradient`,
   * then W ← W − α·dE/dW and B ← B − α·dE/dB unless `learningRate` is 0. Returns dE/dX of the
   * first layer (the plan's buffer), or null when the plan does not apply (then run the layers'
   * `backward`). With `inputGradient` false (a training step, which reads no dE/dX) the first
   * Dense layer's dE/dX is not computed and the result is `outputGradient`. With `checked`, the
   * caller ran `forward` (checked) just before, and nothing but the loss ran since.
   */
  backward(outputGradient: Tensor, learningRate: number, inputGradient = true, checked = false): Tensor | null {
    const stages = checked ? (this.stages as Stage[]) : this.current();
    if (stages === null || !(learningRate >= 0 && learningRate < Infinity)) return null;
    const b = this.batch;
    if (outputGradient !== this.checkedGradient) {
      const shape = outputGradient instanceof Tensor ? outputGradient.shape : null;
      const rows = (stages[stages.length - 1] as Stage).rows;
      if (shape === null || shape.length !== 2 || shape[0] !== rows || shape[1] !== b) return null;
      if (this.written().some((t) => sharesMemory(t, outputGradient))) return null;
      this.checkedGradient = outputGradient; // a tensor keeps its shape and its memory
    }
    // the layers must still hold the X and Y of this plan's last forward
    for (let l = 0; !checked && l < stages.length; l++) {
      const stage = stages[l] as Stage;
      if (stage.layer.input !== stage.input || stage.layer.output !== stage.output) return null;
    }
    const first = stages[0] as Stage;
    const fused = this.fused;
    if (fused !== null && b < fused.below) {
      const dX = inputGradient ? (first.inputGradient as Tensor).data : null;
      (b === 1 ? fused.backwardOne : fused.backward)(this.frame, outputGradient.data, b, learningRate, dX);
      return inputGradient ? first.inputGradient : outputGradient;
    }
    // the first Dense layer's dE/dX is needed only when the caller asks for dE/dX
    let top = 0;
    if (!inputGradient) while ((stages[top] as Stage).weights === null) top++;
    let gradient = outputGradient;
    for (let l = stages.length - 1; l >= top; l--) {
      const stage = stages[l] as Stage;
      const X = stage.input as Tensor;
      const dX = l === top && !inputGradient ? null : (stage.inputGradient as Tensor);
      if (stage.weights !== null) {
        denseBackward(stage, gradient, X, dX, b, learningRate);
      } else {
        const layer = stage.layer as Activation;
        activationBackward(gradient.data, X.data, (stage.output as Tensor).data, (dX as Tensor).data, layer);
      }
      if (dX !== null) gradient = dX;
    }
    return inputGradient ? gradient : outputGradient;
  }

  /**
   * True when `mseEpoch` runs this network for targets shaped like `target`: the network is small
   * enough for the generated epoch, the target a column `[rows, 1]` of the last layer's rows, and
   * `parameters` the network's own, in order (each Dense layer's W, then B: `parametersOf`).
   */
  runsMseEpoch(target: Tensor, parameters: readonly Parameter[]): boolean {
    const { stages, values } = this;
    if (this.fused?.epoch == null || stages === null || values.length !== parameters.length) return false;
    for (let i = 0; i < values.length; i++) if (values[i] !== parameters[i]?.value) return false;
    const shape = target.shape;
    return shape.length === 2 && shape[0] === (stages[stages.length - 1] as Stage).rows && shape[1] === 1;
  }

  /**
   * One epoch of the notes' loop as one generated function: for each sample `order[s]` in turn,
   * forward, the `mse` loss against its target, `msePrime`, backward and the notes' update with
   * `learningRate` (no dE/dX), the same numbers as those steps one by one. `xData` and `yData`
   * are the samples' data. Returns the sum of the samples' losses. With the divergence guard's
   * `snapshot` (one array per parameter, in `parametersOf`'s order), the parameters are copied
   * there first, and it returns −1 − k when the loss of sample k is not finite (the epoch stops
   * there, before that sample's update), −Infinity when a parameter is not finite at the end.
   * The caller has seen `accepts` true for the inputs and `runsMseEpoch` for the targets, and
   * nothing changed the network since.
   */
  mseEpoch(
    xData: readonly TensorData[],
    yData: readonly TensorData[],
    order: readonly number[],
    learningRate: number,
    snapshot: readonly Float64Array[] | null,
  ): number {
    if (this.batch !== 1) this.resize(1);
    const epoch = (this.fused as FusedPasses).epoch as NonNullable<FusedPasses['epoch']>;
    return epoch(this.frame, xData, yData, order, order.length, learningRate, snapshot);
  }

  /** Y of the last layer after the last `forward` or `mseEpoch`: the plan's buffer. */
  get output(): Tensor | null {
    return this.stages?.[this.stages.length - 1]?.output ?? null;
  }

  /** The stages, compiled again when the network changed; null when the plan does not apply. */
  private current(): Stage[] | null {
    const { network, layers, stages } = this;
    let same = network.length === layers.length;
    for (let l = 0; same && l < layers.length; l++) {
      same = network[l] === layers[l] && (stages === null || (stages[l] as Stage).current());
    }
    if (!same || this.retry) this.compile();
    return this.stages;
  }

  /** Reads the network into stages, or leaves `stages` null when the plan does not apply. */
  private compile(): void {
    const network = this.network;
    this.layers = [...network];
    this.stages = null;
    this.fused = null;
    this.batch = 0;
    this.checkedGradient = null;
    this.retry = false;
    const first = network.find((layer) => layer instanceof Dense);
    if (
      first === undefined ||
      !network.every((layer) => planKind(layer) !== null) ||
      new Set(network).size !== network.length
    )
      return;
    const dtype = first.weights.dtype;
    const stages: Stage[] = [];
    let rows = first.inputSize;
    for (const layer of network) {
      if (layer instanceof Dense) {
        const { inputSize, outputSize, weights, bias, weightsGradient, biasGradient } = layer;
        const fits = (t: Tensor, r: number, c: number) =>
          t instanceof Tensor && t.dtype === dtype && t.shape.length === 2 && t.shape[0] === r && t.shape[1] === c;
        if (
          inputSize !== rows ||
          !fits(weights, outputSize, inputSize) ||
          !fits(bias, outputSize, 1) ||
          !fits(weightsGradient, outputSize, inputSize) ||
          !fits(biasGradient, outputSize, 1)
        ) {
          // the layers' own errors say what is wrong; compiled again on each call until it is right
          this.retry = true;
          return;
        }
        stages.push(new Stage(layer, outputSize, inputSize));
        rows = outputSize;
      } else {
        stages.push(new Stage(layer, rows, rows));
      }
    }
    // parameters shared between layers (tied weights) are updated by one layer before the next
    // reads them: the layers' order, which the plan does not keep
    const parameters = stages.flatMap((s) =>
      [s.weights, s.bias, s.weightsGradient, s.biasGradient].filter((t) => t !== null),
    );
    if (parameters.some((t, i) => parameters.slice(i + 1).some((u) => sharesMemory(t, u)))) return;
    this.stages = stages;
    this.values = stages.flatMap((s) => (s.weights === null ? [] : [s.weights, s.bias as Tensor]));
    this.dtype = dtype;
    this.inputSize = first.inputSize;
    this.fused = fusedPasses(stages, dtype);
  }

  /** New buffers for batches of `b`: the copy of the input X, each stage's Y and dE/dX. */
  private resize(b: number): void {
    const stages = this.stages as Stage[];
    let x = Tensor.zeros([this.inputSize, b], this.dtype);
    for (const stage of stages) {
      stage.input = x;
      stage.output = x = Tensor.zeros([stage.rows, b], this.dtype);
      stage.inputGradient = Tensor.zeros([stage.columns, b], this.dtype);
    }
    this.batch = b;
    this.checkedGradient = null;
    this.frame = frameOf(stages);
  }

  /** Every tensor the backward pass writes into. */
  private written(): Tensor[] {
    return (this.stages as Stage[]).flatMap((s) =>
      [s.inputGradient, s.weights, s.bias, s.weightsGradient, s.biasGradient].filter((t) => t !== null),
    );
  }
}

/** Y = W·X + B for X `[columns, b]`, as `Dense.forward` computes it (W, B and Y of the stage). */
function denseForward(stage: Stage, input: Tensor, output: Tensor, b: number): void {
  const { rows, columns } = stage;
  const weights = stage.weights as Tensor;
  const X = input.data;
  const W = weights.data;
  const B = (stage.bias as Tensor).data;
  const Y = output.data;
  if (rows * columns * b < INLINE_BELOW) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < b; c++) {
        let sum = 0;
        for (let p = 0; p < columns; p++) sum += (W[r * columns + p] as number) * (X[p * b + c] as number);
        Y[r * b + c] = sum; // stored before B is added, so that float32 rounds where the layer does
      }
    }
  } else {
    dotInto(output, weights, input);
  }
  // … + B, added to every column
  for (let r = 0; r < rows; r++) {
    const bias = B[r] as number;
    for (let k = r * b; k < (r + 1) * b; k++) Y[k] = (Y[k] as number) + bias;
  }
}

/**
 * `Dense.backward` for dE/dY `outputGradient` `[rows, b]` and X `input` `[columns, b]`: dE/dW,
 * dE/dB, dE/dX (into `inputGradient`, unless null) with W before its update, then the update.
 */
function denseBackward(
  stage: Stage,
  outputGradient: Tensor,
  input: Tensor,
  inputGradient: Tensor | null,
  b: number,
  learningRate: number,
): void {
  const { rows, columns } = stage;
  const weights = stage.weights as Tensor;
  const weightsGradient = stage.weightsGradient as Tensor;
  const G = outputGradient.data;
  const X = input.data;
  const W = weights.data;
  const B = (stage.bias as Tensor).data;
  const dW = weightsGradient.data;
  const dB = (stage.biasGradient as Tensor).data;
  const inline = rows * columns * b < INLINE_BELOW;
  // dE/dW = dE/dY · Xᵀ
  if (inline) {
    for (let r = 0; r < rows; r++) {
      for (let p = 0; p < columns; p++) {
        let sum = 0;
        for (let c = 0; c < b; c++) sum += (G[r * b + c] as number) * (X[p * b + c] as number);
        dW[r * columns + p] = sum;
      }
    }
  } else {
    dotTransposeBInto(weightsGradient, outputGradient, input);
  }
  // dE/dB = dE/dY, summed over the columns of a batch
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let k = r * b; k < (r + 1) * b; k++) sum += G[k] as number;
    dB[r] = sum;
  }
  // dE/dX = Wᵀ · dE/dY, with W as it was in forward (before this step's update)
  if (inputGradient !== null) {
    if (inline) {
      const dX = inputGradient.data;
      for (let p = 0; p < columns; p++) {
        for (let c = 0; c < b; c++) {
          let sum = 0;
          for (let r = 0; r < rows; r++) sum += (W[r * columns + p] as number) * (G[r * b + c] as number);
          dX[p * b + c] = sum;
        }
      }
    } else {
      dotTransposeAInto(inputGradient, weights, outputGradient);
    }
  }
  if (learningRate === 0) return;
  // W ← W − α·dE/dW,  B ← B − α·dE/dB
  for (let k = 0; k < W.length; k++) W[k] = (W[k] as number) - learningRate * (dW[k] as number);
  for (let k = 0; k < B.length; k++) B[k] = (B[k] as number) - learningRate * (dB[k] as number);
}

/** Y = f(X), element by element (in the activation's own loop when it has one, as its `forward`). */
function activationForward(X: TensorData, Y: TensorData, layer: Activation): void {
  const loops = layer.ownLoops();
  if (loops) {
    loops.forward(X, Y);
    return;
  }
  const f = layer.activation;
  for (let k = 0; k < X.length; k++) Y[k] = f(X[k] as number);
}

/** dE/dX = dE/dY ⊙ f′(X), with f′ given y = f(x) as well (in the activation's own loop when it has one). */
function activationBackward(G: TensorData, X: TensorData, Y: TensorData, dX: TensorData, layer: Activation): void {
  const loops = layer.ownLoops();
  if (loops) {
    loops.backward(G, X, Y, dX);
    return;
  }
  const fPrime = layer.activationPrime;
  for (let k = 0; k < X.length; k++) dX[k] = (G[k] as number) * fPrime(X[k] as number, Y[k] as number);
}
