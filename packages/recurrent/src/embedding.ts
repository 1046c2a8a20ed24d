import { defaultRng, descend, Layer, LayerFields, type LayerJson, type Parameter, registerLayer } from '@nn/layers';
import {
  assertPositiveInteger,
  type DType,
  formatShape,
  InvalidOptionError,
  reuse,
  Rng,
  ShapeError,
  Tensor,
} from '@nn/tensor';

/** Options of `Embedding`. */
export interface EmbeddingOptions {
  /** Where the random initial vectors come from; the generator `@nn/layers` shares by default. */
  rng?: Rng;
  /** The element type of the vectors: `float64` by default, or `float32`. */
  dtype?: DType;
  /**
   * The id of the padding token: its vector is all zeros and never trained (PyTorch's
   * `padding_idx`), so a recurrent layer after this one with `maskValue: 0` skips padded steps.
   * None by default.
   */
  paddingId?: number | null;
}

/**
 * A table of learned vectors, one per token: token id v becomes column v of `weights` E
 * `[dimension, vocabularySize]`. That is the Dense layer Y = E·X on one-hot columns X, without
 * building them:
 *
 *   yₜ = E·onehot(idₜ) = E[:, idₜ]
 *   dE/dE = dE/dY·Xᵀ, that is   dE/dE[:, v] = Σ over the steps with idₜ = v of dE/dyₜ
 *
 * Ids are not differentiable: `backward` returns zeros for them.
 *
 * Shapes, the sequence convention of `@nn/recurrent`: one sequence of T ids is a row `[1, T]`
 * (a feature of size 1 at each step), a batch of b of them `[1, T, b]`; the output is
 * `[dimension, T]` or `[dimension, T, b]`, ready for an `RNN`, `LSTM` or `GRU`. Ids are numbers
 * (integers in [0, vocabularySize)) in a tensor of either dtype.
 */
export class Embedding extends Layer {
  /** E `[dimension, vocabularySize]`: column v is the vector of token v. */
  weights: Tensor;
  /** dE/dE from the last `backward`. */
  weightsGradient: Tensor;
  /** The padding token's id, or null. */
  readonly paddingId: number | null;
  private inputGradient: Tensor | null = null;

  /**
   * @param vocabularySize v, the number of token ids (0 … v − 1).
   * @param dimension d, the length of each token's vector.
   */
  constructor(
    readonly vocabularySize: number,
    readonly dimension: number,
    options: EmbeddingOptions = {},
  ) {
    super();
    assertPositiveInteger('Embedding', 'vocabularySize', vocabularySize);
    assertPositiveInteger('Embedding', 'dimension', dimension);
    const { paddingId = null, dtype = 'float64' } = options;
    if (paddingId !== null && !(Number.isInteger(paddingId) && paddingId >= 0 && paddingId < vocabularySize)) {
      throw new InvalidOptionError(
        `Embedding: paddingId must be null or an integer in [0, ${vocabularySize}), got ${String(paddingId)}`,
      );
    }
    if (dtype !== 'float64' && dtype !== 'float32') {
      throw new InvalidOptionError(`Embedding: dtype must be 'float64' or 'float32', got ${String(dtype)}`);
    }
    this.paddingId = paddingId;
    // E ~ N(0, 1), the notes' randn
    this.weights = Tensor.randn([dimension, vocabularySize], options.rng ?? defaultRng, dtype);
    this.weightsGradient = Tensor.zeros(this.weights.shape, dtype);
  }

  override forward(input: Tensor): Tensor {
    const shape = input.shape;
    if (!((shape.length === 2 || shape.length === 3) && shape[0] === 1 && input.size > 0)) {
      throw new ShapeError(
        `${this}.forward: input has shape ${formatShape(shape)}, expected token ids [1, steps, batch] (or [1, steps] for one sequence)`,
      );
    }
    const [v, d, columns] = [this.vocabularySize, this.dimension, input.size];
    // weights assigned since (`layer.weights = …`) must still be a table of v columns of d
    for (const [name, table] of [
      ['weights', this.weights],
      ['weightsGradient', this.weightsGradient],
    ] as const) {
      if (!(table instanceof Tensor && table.shape.length === 2 && table.shape[0] === d && table.shape[1] === v)) {
        const got = table instanceof Tensor ? formatShape(table.shape) : String(table);
        throw new ShapeError(`${this}.forward: ${name} has shape ${got}, expected [${d}, ${v}]`);
      }
    }
    const ids = input.data;
    for (let c = 0; c < columns; c++) {
      const id = ids[c] as number;
      if (!(Number.isInteger(id) && id >= 0 && id < v)) {
        throw new InvalidOptionError(
          `${this}.forward: input holds ${id} at column ${c}, expected token ids, integers in [0, ${v})`,
        );
      }
    }
    this.input = input;
    const Y = reuse(this.output, [d, ...shape.slice(1)], this.weights.dtype, input);
    const [E, out] = [this.weights.data, Y.data];
    for (let c = 0; c < columns; c++) {
      const id = ids[c] as number;
      // yₜ = E[:, idₜ] (zeros for the padding token)
      for (let i = 0; i < d; i++) out[i * columns + c] = id === this.paddingId ? 0 : (E[i * v + id] as number);
    }
    this.output = Y;
    return Y;
  }

  override backward(outputGradient: Tensor, learningRate: number): Tensor {
    const input = this.lastInput();
    this.checkOutputGradient(outputGradient);
    const [v, d, columns] = [this.vocabularySize, this.dimension, input.size];
    const [ids, dY, dE] = [input.data, outputGradient.data, this.weightsGradient.data];
    dE.fill(0);
    for (let c = 0; c < columns; c++) {
      const id = ids[c] as number;
      if (id === this.paddingId) continue; // the padding vector is not trained
      // dE/dE[:, idₜ] += dE/dyₜ
      for (let i = 0; i < d; i++) dE[i * v + id] += dY[i * columns + c] as number;
    }
    // ids have no gradient
    const inputGradient = reuse(this.inputGradient, input.shape, input.dtype, outputGradient, input);
    inputGradient.data.fill(0);
    this.inputGradient = inputGradient;
    // E ← E − α·dE/dE
    descend(this.weights, this.weightsGradient, learningRate);
    return inputGradient;
  }

  override parameters(): Parameter[] {
    return [{ name: 'weights', value: this.weights, gradient: this.weightsGradient }];
  }

  /** A sequence of ids `[1, T]` gives `[dimension, T]`. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    if (!(inputShape.length === 2 && inputShape[0] === 1)) {
      throw new ShapeError(`${this}: takes sequences of token ids of shape [1, steps], got ${formatShape(inputShape)}`);
    }
    return [this.dimension, inputShape[1] as number];
  }

  override toString(): string {
    return `Embedding(${this.vocabularySize}→${this.dimension})`;
  }

  override toJSON(): LayerJson {
    const { vocabularySize, dimension, paddingId } = this;
    const dtype = this.weights.dtype;
    return {
      type: 'Embedding',
      vocabularySize,
      dimension,
      ...(paddingId === null ? {} : { paddingId }),
      ...(dtype === 'float32' ? { dtype } : {}),
      weights: Array.from(this.weights.data),
    };
  }

  /** Rebuilds an Embedding from its `toJSON`, checking every field (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): Embedding {
    const f = new LayerFields(json, path);
    const [vocabularySize, dimension] = [f.size('vocabularySize'), f.size('dimension')];
    const paddingId = Object.hasOwn(json, 'paddingId') ? f.number('paddingId') : null;
    const dtype = f.dtype();
    const weights = f.numbers('weights', [dimension, vocabularySize], dtype);
    f.end();
    const layer = new Embedding(vocabularySize, dimension, { paddingId, dtype, rng: new Rng(0) });
    layer.weights.data.set(weights);
    return layer;
  }
}

registerLayer('Embedding', Embedding.fromJSON);
