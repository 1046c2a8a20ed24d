import {
  addInto,
  assertPositiveInteger,
  type DType,
  DTypeError,
  dotInto,
  dotTransposeAInto,
  dotTransposeBInto,
  formatShape,
  InvalidOptionError,
  type Rng,
  reuse,
  ShapeError,
  sumColumnsInto,
  Tensor,
  type TensorData,
  transposeInto,
} from '@nn/tensor';
import { defaultRng, descend, Layer, LayerFields, type LayerJson, type Parameter } from '@nn/layers';

/** Options of `RNN`, `LSTM` and `GRU`. */
export interface RecurrentOptions {
  /** True: the output is every step's hidden state, `[h, T, b]`. False (the default): the last one, `[h, b]`. */
  returnSequences?: boolean;
  /**
   * Masking of padded steps: a step of a sequence whose n features all equal `maskValue` (as the
   * input's dtype holds it: float32 rounds 0.1) is padding. It carries the state through unchanged
   * (its output is the state before it) and gets no gradient: its dE/dX is 0 and it adds nothing
   * to the parameters' gradients. None by default.
   */
  maskValue?: number | null;
  /**
   * Stateful use across batches: the last state of each `forward` becomes `initialState` for the
   * next one (batches of the same size, each sequence continuing the one at its column before),
   * until `resetState()`. Backpropagation stops at the batch's first step (truncated BPTT).
   * False by default.
   */
  stateful?: boolean;
  /** Where the random initial weights come from; the generator `@nn/layers` shares by default. */
  rng?: Rng;
  /** The element type of the parameters (and so of the input): `float64` by default, or `float32`. */
  dtype?: DType;
}

/** The hyperparameters every recurrent layer writes in its JSON, read back by `readRecurrentJson`. */
interface RecurrentJsonFields {
  inputSize: number;
  hiddenSize: number;
  options: RecurrentOptions;
  inputWeights: readonly number[];
  recurrentWeights: readonly number[];
  bias: readonly number[];
  fields: LayerFields;
}

/**
 * What RNN, LSTM and GRU share: sequences as columns, the input projection of every step in one
 * matrix product, the loop over the steps forward and back, and the parameter gradients as
 * matrix products over all steps at once. Each layer's own file holds its step (`step`,
 * `stepBackward`) and its derivation.
 *
 * Shapes. A batch of b sequences of T steps of n features is `[n, T, b]` (one sequence alone
 * may be `[n, T]`): step t of sequence s is column t·b + s of the matrix `[n, T·b]` this is, so
 *
 *   Zₓ = W·X + B          (the input side of every gate, every step: one product)
 *
 * and, with G the gates' rows (h, 4h or 3h), step t reads column block t of Zₓ `[G, T, b]` and
 * adds the recurrent side U·hₜ₋₁ `[G, b]`, one product per step.
 *
 * Backpropagation through time. Unrolled over T steps, the network is T copies of one cell
 * sharing W, U and B; hₜ feeds the output Yₜ and the next step. So, going back from t = T − 1 to 0,
 *
 *   dE/dhₜ = dE/dYₜ + (dE/dhₜ through step t + 1)
 *
 * and each cell turns dE/dhₜ into dE/dZₓ,ₜ and dE/dZₕ,ₜ (the gradients of its gates' input side
 * and recurrent side, equal except in the GRU) and the part of dE/dhₜ₋₁ that bypasses U (the
 * GRU's z ⊙ hₜ₋₁); the part through U is
 *
 *   dE/dhₜ₋₁ += Uᵀ·dE/dZₕ,ₜ
 *
 * Since the parameters are shared, their gradients sum over the steps, which are again matrix
 * products over all steps, with Hₚ = [h₀, h₁, …, h_{T−1}] the state each step read:
 *
 *   dE/dW = dE/dZₓ·Xᵀ,   dE/dB = Σ dE/dZₓ (over the columns),   dE/dU = dE/dZₕ·Hₚᵀ,   dE/dX = Wᵀ·dE/dZₓ
 *
 * and dE/dh₀ (`initialStateGradient`) is what is left after step 0.
 *
 * Buffers are kept per shape (T, b): a training loop allocates nothing per step.
 */
export abstract class Recurrent extends Layer {
  /** W `[G, n]`: the input side of the gates, G = h (RNN), 4h (LSTM) or 3h (GRU). */
  inputWeights: Tensor;
  /** U `[G, h]`: the recurrent side of the gates. */
  recurrentWeights: Tensor;
  /** B `[G, 1]`: the gates' bias. */
  bias: Tensor;
  /** dE/dW from the last `backward`. */
  inputWeightsGradient: Tensor;
  /** dE/dU from the last `backward`. */
  recurrentWeightsGradient: Tensor;
  /** dE/dB from the last `backward`. */
  biasGradient: Tensor;
  /** h₀ `[h, b]` for the next `forward` (null: zeros). A stateful layer sets it itself. */
  initialState: Tensor | null = null;
  /** dE/dh₀ `[h, b]` from the last `backward`. */
  initialStateGradient: Tensor | null = null;
  /** Whether the output is every step's state (`[h, T, b]`) or the last one (`[h, b]`). */
  readonly returnSequences: boolean;
  /** The value that marks a padded step (every feature equal to it), or null: no masking. */
  readonly maskValue: number | null;
  /**
   * Whether each `forward` starts from the state the last one ended with. Assignable: a trained
   * model samples a sequence step by step with `stateful = true` after `resetState()`; set back to
   * false, the layer forgets the state it carried (as `resetState()`), so that training after
   * sampling starts each batch from zeros again.
   */
  get stateful(): boolean {
    return this.carries;
  }

  set stateful(value: boolean) {
    if (this.carries && !value) this.resetState();
    this.carries = value;
  }

  private carries = false;

  /** T and b of the buffers below. */
  protected steps = 0;
  protected batch = 0;
  /** Zₓ = W·X + B `[G, T, b]`; a layer may overwrite step t's block with what backward needs. */
  protected projection!: Tensor;
  /** Each step's gate values after their nonlinearities `[G, T, b]`. */
  protected gates!: Tensor;
  /** Hₚ `[h, T, b]`: the state hₜ₋₁ each step t read. */
  protected previous!: Tensor;
  /** dE/dZₓ `[G, T, b]`. */
  protected inputSideGradient!: Tensor;
  /** dE/dZₕ `[G, T, b]`: the same tensor as dE/dZₓ except in the GRU. */
  protected recurrentSideGradient!: Tensor;
  /** Per column t·b + s: 1 when step t of sequence s is padding. */
  protected masked: Uint8Array | null = null;
  /** hₜ₋₁ while step t runs `[h, b]`; the step writes hₜ into `state`. */
  protected statePrevious!: Tensor;
  protected state!: Tensor;
  /** U·hₜ₋₁ (plus the GRU's recurrent bias) `[G, b]`. */
  protected recurrent!: Tensor;
  /** dE/dhₜ while step t runs backward `[h, b]`; the step leaves in it the part of dE/dhₜ₋₁ that bypasses U. */
  protected stateGradient!: Tensor;
  /** dE/dZₕ of step t `[G, b]`, and Uᵀ·dE/dZₕ,ₜ `[h, b]`. */
  protected stepGradient!: Tensor;
  private throughU!: Tensor;
  private recurrentWeightsTransposed: Tensor | null = null;
  private keptState: Tensor | null = null;
  private inputGradient: Tensor | null = null;
  private inputGradientMatrix: Tensor | null = null;

  /**
   * @param name how the layer prints, `LSTM`.
   * @param gateCount rows of W per hidden unit: 1, 4 or 3.
   */
  constructor(
    private readonly name: string,
    readonly inputSize: number,
    readonly hiddenSize: number,
    private readonly gateCount: number,
    options: RecurrentOptions,
  ) {
    super();
    assertPositiveInteger(name, 'inputSize', inputSize);
    assertPositiveInteger(name, 'hiddenSize', hiddenSize);
    const { returnSequences = false, maskValue = null, stateful = false, dtype = 'float64' } = options;
    for (const [key, value] of [
      ['returnSequences', returnSequences],
      ['stateful', stateful],
    ] as const) {
      if (typeof value !== 'boolean')
        throw new InvalidOptionError(`${name}: ${key} must be true or false, got ${value}`);
    }
    if (maskValue !== null && !(typeof maskValue === 'number' && Number.isFinite(maskValue))) {
      throw new InvalidOptionError(`${name}: maskValue must be a finite number or null, got ${String(maskValue)}`);
    }
    if (dtype !== 'float64' && dtype !== 'float32') {
      throw new InvalidOptionError(`${name}: dtype must be 'float64' or 'float32', got ${String(dtype)}`);
    }
    this.returnSequences = returnSequences;
    this.maskValue = maskValue;
    this.carries = stateful;
    const rows = gateCount * hiddenSize;
    const rng = options.rng ?? defaultRng;
    // W ~ N(0, 1/n) and U ~ N(0, 1/h) keep the gates out of saturation at the start; B = 0
    this.inputWeights = scaled(Tensor.randn([rows, inputSize], rng, dtype), 1 / Math.sqrt(inputSize));
    this.recurrentWeights = scaled(Tensor.randn([rows, hiddenSize], rng, dtype), 1 / Math.sqrt(hiddenSize));
    this.bias = Tensor.zeros([rows, 1], dtype);
    this.inputWeightsGradient = Tensor.zeros([rows, inputSize], dtype);
    this.recurrentWeightsGradient = Tensor.zeros([rows, hiddenSize], dtype);
    this.biasGradient = Tensor.zeros([rows, 1], dtype);
  }

  /** Computes step t: reads Zₓ's block t, `recurrent` (U·hₜ₋₁) and `statePrevious`, writes hₜ into `state`. */
  protected abstract step(t: number): void;

  /**
   * Step t backward: from dE/dhₜ in `stateGradient`, writes dE/dZₓ,ₜ and dE/dZₕ,ₜ (block t, and
   * dE/dZₕ,ₜ also in `stepGradient`), and leaves in `stateGradient` the part of dE/dhₜ₋₁ that
   * bypasses U. Masked columns: zero gate gradients, dE/dhₜ passed on whole.
   */
  protected abstract stepBackward(t: number): void;

  /** Allocates the layer's own buffers for T steps of b sequences. */
  protected allocateSteps(_steps: number, _batch: number): void {}

  /**
   * Before `forward` stores anything: throws the error of any tensor of the layer's own (the
   * LSTM's c₀, the GRU's B') that cannot serve b sequences, so that a forward that throws leaves
   * the layer as it was (its X and buffers those of the last call, for `backward`).
   */
  protected checkOwnTensors(_where: string, _batch: number): void {}

  /** Before step 0 forward: sets the layer's own initial state (the LSTM's c₀), checked by `checkOwnTensors`. */
  protected beginForward(): void {}

  /** Before step T − 1 backward: zeroes the layer's own carried gradient (the LSTM's dE/dc). */
  protected beginBackward(): void {}

  /** The GRU's recurrent bias B' and its gradient, added to U·hₜ₋₁; none by default. */
  protected recurrentBiasOf(): { value: Tensor; gradient: Tensor } | null {
    return null;
  }

  /** True when dE/dZₕ differs from dE/dZₓ and needs its own buffer (the GRU). */
  protected separateRecurrentGradient(): boolean {
    return false;
  }

  /** After the last step forward of a stateful layer: keeps its own final state (the LSTM's c). */
  protected keepFinalState(): void {}

  /** Forgets the state a stateful layer carries: the next `forward` starts from zeros. */
  resetState(): void {
    this.initialState = null;
  }

  /** The sequences' shape: `[n, T, b]`, or `[n, T]` for one sequence. */
  protected sequenceShape(input: Tensor, where: string): { steps: number; batch: number } {
    const shape = input.shape;
    if (!((shape.length === 2 || shape.length === 3) && shape[0] === this.inputSize && input.size > 0)) {
      throw new ShapeError(
        `${where}: input has shape ${formatShape(shape)}, expected [${this.inputSize}, steps, batch] (or [${this.inputSize}, steps] for one sequence)`,
      );
    }
    const dtype = this.inputWeights.dtype;
    if (input.dtype !== dtype) {
      throw new DTypeError(
        `${where}: input is ${input.dtype}, expected ${dtype} like the layer's parameters (convert with input.astype('${dtype}'))`,
      );
    }
    return { steps: shape[1] as number, batch: shape.length === 3 ? (shape[2] as number) : 1 };
  }

  /** Throws a ShapeError unless `tensor` (a parameter or a state someone assigned) has `shape`. */
  protected expectShape(where: string, name: string, tensor: Tensor, shape: readonly number[]): void {
    if (tensor.shape.length !== shape.length || tensor.shape.some((n, i) => n !== shape[i])) {
      throw new ShapeError(`${where}: ${name} has shape ${formatShape(tensor.shape)}, expected ${formatShape(shape)}`);
    }
    if (tensor.dtype !== this.inputWeights.dtype) {
      throw new DTypeError(`${where}: ${name} is ${tensor.dtype}, expected ${this.inputWeights.dtype}`);
    }
  }

  /** Checks an initial state `[h, b]`; a stateful layer's message says how to start afresh. */
  protected expectInitialState(where: string, name: string, state: Tensor, b: number): void {
    if (this.stateful && state.shape[1] !== b) {
      throw new ShapeError(
        `${where}: the ${name} carried from the last batch has shape ${formatShape(state.shape)}, expected [${this.hiddenSize}, ${b}] for this batch: call resetState() before a batch of another size`,
      );
    }
    this.expectShape(where, name, state, [this.hiddenSize, b]);
  }

  override forward(input: Tensor): Tensor {
    const where = `${this}.forward`;
    const { steps: T, batch: b } = this.sequenceShape(input, where);
    const [n, h, G] = [this.inputSize, this.hiddenSize, this.gateCount * this.hiddenSize];
    this.expectShape(where, 'inputWeights', this.inputWeights, [G, n]);
    this.expectShape(where, 'recurrentWeights', this.recurrentWeights, [G, h]);
    this.expectShape(where, 'bias', this.bias, [G, 1]);
    const h0 = this.initialState;
    if (h0 !== null) this.expectInitialState(where, 'initialState', h0, b);
    this.checkOwnTensors(where, b);
    // everything checked: nothing is stored before this line, so a forward that throws changes nothing
    this.input = input;
    this.allocate(T, b);
    // Zₓ = W·X + B, every step of every sequence at once
    const [Zx, X] = [this.projection, columnsOf(input)];
    addInto(Zx, dotInto(Zx, this.inputWeights, X), this.bias);
    this.findMasked(input, T, b);
    // h₀: the initial state given, or zeros
    if (h0 === null) this.statePrevious.data.fill(0);
    else this.statePrevious.data.set(h0.data);
    this.beginForward();
    const recurrentBias = this.recurrentBiasOf();
    const output = this.returnSequences
      ? reuse(this.output, input.shape.length === 3 ? [h, T, b] : [h, T], input.dtype, input)
      : reuse(this.output, [h, b], input.dtype, input);
    for (let t = 0; t < T; t++) {
      copyStep(this.previous.data, this.statePrevious.data, h, T, b, t, true); // Hₚ keeps hₜ₋₁
      // U·hₜ₋₁ (+ B' in the GRU)
      dotInto(this.recurrent, this.recurrentWeights, this.statePrevious);
      if (recurrentBias !== null) addInto(this.recurrent, this.recurrent, recurrentBias.value);
      this.step(t);
      if (this.returnSequences) copyStep(output.data, this.state.data, h, T, b, t, true); // Yₜ = hₜ
      [this.statePrevious, this.state] = [this.state, this.statePrevious];
    }
    // after the loop, statePrevious holds h_T
    if (!this.returnSequences) output.data.set(this.statePrevious.data);
    if (this.stateful) {
      this.keptState = reuse(this.keptState, [h, b], input.dtype);
      this.initialState = this.keptState.copyFrom(this.statePrevious);
      this.keepFinalState();
    }
    this.output = output;
    return output;
  }

  override backward(outputGradient: Tensor, learningRate: number): Tensor {
    const input = this.lastInput();
    this.checkOutputGradient(outputGradient);
    const [T, b, h] = [this.steps, this.batch, this.hiddenSize];
    const G = this.gateCount * h;
    const dY = outputGradient.data;
    const dh = this.stateGradient.data;
    dh.fill(0);
    this.beginBackward();
    // Uᵀ once, so that no step transposes U again
    const Ut = (this.recurrentWeightsTransposed = reuse(this.recurrentWeightsTransposed, [h, G], input.dtype));
    transposeInto(Ut, this.recurrentWeights);
    for (let t = T - 1; t >= 0; t--) {
      // dE/dhₜ = dE/dYₜ + (dE/dhₜ through step t + 1, already in dh)
      if (this.returnSequences) addStep(dh, dY, h, T, b, t);
      else if (t === T - 1) for (let i = 0; i < h * b; i++) dh[i] += dY[i] as number;
      this.stepBackward(t);
      // dE/dhₜ₋₁ += Uᵀ·dE/dZₕ,ₜ
      dotInto(this.throughU, Ut, this.stepGradient);
      addInto(this.stateGradient, this.stateGradient, this.throughU);
    }
    this.initialStateGradient = reuse(this.initialStateGradient, [h, b], input.dtype).copyFrom(this.stateGradient);
    const [X, dZx, dZh] = [columnsOf(input), this.inputSideGradient, this.recurrentSideGradient];
    // dE/dW = dE/dZₓ·Xᵀ,  dE/dB = Σ dE/dZₓ over the columns,  dE/dU = dE/dZₕ·Hₚᵀ
    dotTransposeBInto(this.inputWeightsGradient, dZx, X);
    sumColumnsInto(this.biasGradient, dZx);
    dotTransposeBInto(this.recurrentWeightsGradient, dZh, this.previous);
    const recurrentBias = this.recurrentBiasOf();
    // dE/dB' = Σ dE/dZₕ over the columns (GRU)
    if (recurrentBias !== null) sumColumnsInto(recurrentBias.gradient, dZh);
    // dE/dX = Wᵀ·dE/dZₓ, with W as it was in forward
    const inputGradient = reuse(this.inputGradient, input.shape, input.dtype, outputGradient, input);
    if (inputGradient !== this.inputGradient) this.inputGradientMatrix = columnsOf(inputGradient);
    this.inputGradient = inputGradient;
    dotTransposeAInto(this.inputGradientMatrix as Tensor, this.inputWeights, dZx);
    // P ← P − α·dE/dP
    for (const { value, gradient } of this.parameters()) descend(value, gradient, learningRate);
    return inputGradient;
  }

  override parameters(): Parameter[] {
    const recurrentBias = this.recurrentBiasOf();
    return [
      { name: 'inputWeights', value: this.inputWeights, gradient: this.inputWeightsGradient },
      { name: 'recurrentWeights', value: this.recurrentWeights, gradient: this.recurrentWeightsGradient },
      { name: 'bias', value: this.bias, gradient: this.biasGradient, regularized: false },
      ...(recurrentBias === null ? [] : [{ name: 'recurrentBias', ...recurrentBias, regularized: false }]),
    ];
  }

  /** True: the state flows from step to step, so a 2-D input `[n, T]` is one sequence, not T samples. */
  override mixesSteps(): boolean {
    return true;
  }

  /** A sequence `[n, T]` gives `[h, T]` with `returnSequences`, else its last state `[h, 1]`. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    if (!(inputShape.length === 2 && inputShape[0] === this.inputSize)) {
      throw new ShapeError(
        `${this}: takes sequences of shape [${this.inputSize}, steps], got ${formatShape(inputShape)}`,
      );
    }
    return [this.hiddenSize, this.returnSequences ? (inputShape[1] as number) : 1];
  }

  override toString(): string {
    return `${this.name}(${this.inputSize}→${this.hiddenSize}${this.returnSequences ? ', sequences' : ''})`;
  }

  /** The JSON of the fields every recurrent layer has; a layer adds its own. */
  protected recurrentJson(): LayerJson {
    const { name: type, inputSize, hiddenSize, returnSequences, stateful, maskValue } = this;
    const dtype = this.inputWeights.dtype;
    return {
      type,
      inputSize,
      hiddenSize,
      returnSequences,
      stateful,
      ...(maskValue === null ? {} : { maskValue }),
      ...(dtype === 'float32' ? { dtype } : {}),
      inputWeights: Array.from(this.inputWeights.data),
      recurrentWeights: Array.from(this.recurrentWeights.data),
      bias: Array.from(this.bias.data),
    };
  }

  /** Allocates the buffers for T steps of b sequences, unless they are there already. */
  private allocate(T: number, b: number): void {
    const dtype = this.inputWeights.dtype;
    if (T === this.steps && b === this.batch && this.projection.dtype === dtype) return;
    const [h, G] = [this.hiddenSize, this.gateCount * this.hiddenSize];
    this.steps = T;
    this.batch = b;
    // [G, T, b] as the matrices [G, T·b] the products take: the same elements in the same order
    this.projection = Tensor.zeros([G, T * b], dtype);
    this.gates = Tensor.zeros([G, T * b], dtype);
    this.previous = Tensor.zeros([h, T * b], dtype);
    this.inputSideGradient = Tensor.zeros([G, T * b], dtype);
    this.recurrentSideGradient = this.separateRecurrentGradient()
      ? Tensor.zeros([G, T * b], dtype)
      : this.inputSideGradient;
    this.statePrevious = Tensor.zeros([h, b], dtype);
    this.state = Tensor.zeros([h, b], dtype);
    this.recurrent = Tensor.zeros([G, b], dtype);
    this.stateGradient = Tensor.zeros([h, b], dtype);
    this.stepGradient = Tensor.zeros([G, b], dtype);
    this.throughU = Tensor.zeros([h, b], dtype);
    this.allocateSteps(T, b);
  }

  /** Marks the padded steps: those whose features all equal `maskValue` (rounded to float32 for float32 input). */
  private findMasked(input: Tensor, T: number, b: number): void {
    // as the input holds it: 0.1 is another number in float32
    const mask = this.maskValue !== null && input.dtype === 'float32' ? Math.fround(this.maskValue) : this.maskValue;
    if (mask === null) {
      this.masked = null;
      return;
    }
    const m = this.masked?.length === T * b ? this.masked : new Uint8Array(T * b);
    const X = input.data;
    const columns = T * b;
    for (let c = 0; c < columns; c++) {
      let padded = 1;
      for (let i = 0; i < this.inputSize && padded; i++) if (X[i * columns + c] !== mask) padded = 0;
      m[c] = padded;
    }
    this.masked = m;
  }
}

/** Sequences `[n, T, b]` as the matrix `[n, T·b]` of their steps' columns (a view; `[n, T]` is one already). */
function columnsOf(sequences: Tensor): Tensor {
  const shape = sequences.shape;
  return shape.length === 2
    ? sequences
    : sequences.reshape([shape[0] as number, sequences.size / (shape[0] as number)]);
}

/** Every element of `t` times k, in place. */
function scaled(t: Tensor, k: number): Tensor {
  for (let i = 0; i < t.data.length; i++) t.data[i] = (t.data[i] as number) * k;
  return t;
}

/**
 * Copies between step t's block of a `[rows, T, b]` buffer and a `[rows, b]` one: into the
 * sequence when `intoSequence`, out of it otherwise.
 */
export function copyStep(
  sequence: TensorData,
  stepValues: TensorData,
  rows: number,
  T: number,
  b: number,
  t: number,
  intoSequence: boolean,
): void {
  for (let j = 0; j < rows; j++) {
    const [at, from] = [j * T * b + t * b, j * b];
    for (let s = 0; s < b; s++) {
      if (intoSequence) sequence[at + s] = stepValues[from + s] as number;
      else stepValues[from + s] = sequence[at + s] as number;
    }
  }
}

/** Adds step t's block of a `[rows, T, b]` buffer to a `[rows, b]` one. */
function addStep(stepValues: TensorData, sequence: TensorData, rows: number, T: number, b: number, t: number): void {
  for (let j = 0; j < rows; j++) {
    const [at, to] = [j * T * b + t * b, j * b];
    for (let s = 0; s < b; s++) stepValues[to + s] += sequence[at + s] as number;
  }
}

/** Reads the fields every recurrent layer's JSON has; the caller reads its own, then `fields.end()`. */
export function readRecurrentJson(json: LayerJson, path: string, gateCount: number): RecurrentJsonFields {
  const f = new LayerFields(json, path);
  const [inputSize, hiddenSize] = [f.size('inputSize'), f.size('hiddenSize')];
  const [returnSequences, stateful] = [f.boolean('returnSequences'), f.boolean('stateful')];
  const maskValue = Object.hasOwn(json, 'maskValue') ? f.number('maskValue') : null;
  const dtype = f.dtype();
  const rows = gateCount * hiddenSize;
  return {
    inputSize,
    hiddenSize,
    options: { returnSequences, stateful, maskValue, dtype },
    inputWeights: f.numbers('inputWeights', [rows, inputSize], dtype),
    recurrentWeights: f.numbers('recurrentWeights', [rows, hiddenSize], dtype),
    bias: f.numbers('bias', [rows, 1], dtype),
    fields: f,
  };
}

/** Sets a rebuilt layer's parameters from its JSON's. */
export function setParameters(layer: Recurrent, read: RecurrentJsonFields): void {
  layer.inputWeights.data.set(read.inputWeights);
  layer.recurrentWeights.data.set(read.recurrentWeights);
  layer.bias.data.set(read.bias);
}
