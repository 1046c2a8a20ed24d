import {
  type Activation,
  activationNames,
  createActivation,
  type LayerJson,
  ModelFormatError,
  registerLayer,
} from '@nn/layers';
import { InvalidOptionError, Rng } from '@nn/tensor';
import { readRecurrentJson, Recurrent, type RecurrentOptions, setParameters } from './recurrent';

/** Options of `RNN`: those of every recurrent layer, and its activation. */
export interface RNNOptions extends RecurrentOptions {
  /** f, by its name in the activation catalog of `@nn/layers` (`'tanh'`, the default, `'relu'`, …). */
  activation?: string;
}

/**
 * The simple (Elman) recurrent layer: one Dense-like step applied at every time step, fed the
 * input xₜ and its own last state hₜ₋₁:
 *
 *   aₜ = W·xₜ + U·hₜ₋₁ + B,   hₜ = f(aₜ)            (h₀ = 0 unless `initialState` is set)
 *
 * with W `[h, n]` (`inputWeights`), U `[h, h]` (`recurrentWeights`), B `[h, 1]` (`bias`).
 *
 * Backpropagation through time. hₜ reaches E through the output Yₜ (with `returnSequences`) and
 * through aₜ₊₁ = … + U·hₜ, so
 *
 *   dE/dhₜ = dE/dYₜ + Uᵀ·dE/daₜ₊₁
 *   dE/daₜ = dE/dhₜ ⊙ f′(aₜ)                        (the activation's rule, as in the notes)
 *
 * and W, U, B, used at every step, sum their steps' gradients (`Recurrent`):
 * dE/dW = Σₜ dE/daₜ·xₜᵀ, dE/dU = Σₜ dE/daₜ·hₜ₋₁ᵀ, dE/dB = Σₜ dE/daₜ, dE/dxₜ = Wᵀ·dE/daₜ,
 * dE/dh₀ = Uᵀ·dE/da₀.
 *
 * A masked step (see `maskValue`) is hₜ = hₜ₋₁: dE/dhₜ₋₁ = dE/dhₜ, and dE/daₜ = 0.
 */
export class RNN extends Recurrent {
  /** The activation's name in the catalog (`tanh`). */
  readonly activation: string;
  private readonly f: Activation;

  /**
   * @param inputSize n, the features of each step.
   * @param hiddenSize h, the units of the state.
   */
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    super('RNN', inputSize, hiddenSize, 1, options);
    const activation = options.activation ?? 'tanh';
    if (!activationNames().includes(activation)) {
      throw new InvalidOptionError(
        `RNN: activation must be one of ${activationNames().join(', ')}, got ${String(activation)}`,
      );
    }
    this.activation = activation;
    this.f = createActivation(activation);
  }

  protected override step(t: number): void {
    const [h, T, b] = [this.hiddenSize, this.steps, this.batch];
    const [Z, A, R] = [this.projection.data, this.gates.data, this.recurrent.data];
    const [hPrevious, hNext, masked, f] = [this.statePrevious.data, this.state.data, this.masked, this.f.activation];
    for (let j = 0; j < h; j++) {
      for (let s = 0; s < b; s++) {
        const k = j * T * b + t * b + s; // unit j, step t, sequence s in [h, T, b]
        const c = j * b + s; // unit j, sequence s in [h, b]
        if (masked?.[t * b + s] === 1) {
          hNext[c] = hPrevious[c] as number; // a padded step carries the state through
          continue;
        }
        // aₜ = W·xₜ + B + U·hₜ₋₁, kept (in Zₓ) for backward
        const a = (Z[k] = (Z[k] as number) + (R[c] as number));
        // hₜ = f(aₜ)
        hNext[c] = A[k] = f(a);
      }
    }
  }

  protected override stepBackward(t: number): void {
    const [h, T, b] = [this.hiddenSize, this.steps, this.batch];
    const [Z, A, dZ, dStep] = [
      this.projection.data,
      this.gates.data,
      this.inputSideGradient.data,
      this.stepGradient.data,
    ];
    const [dh, masked, fPrime] = [this.stateGradient.data, this.masked, this.f.activationPrime];
    for (let j = 0; j < h; j++) {
      for (let s = 0; s < b; s++) {
        const k = j * T * b + t * b + s;
        const c = j * b + s;
        if (masked?.[t * b + s] === 1) {
          dZ[k] = dStep[c] = 0; // no gradient; dE/dhₜ₋₁ = dE/dhₜ stays in dh
          continue;
        }
        // dE/daₜ = dE/dhₜ ⊙ f′(aₜ)
        dZ[k] = dStep[c] = (dh[c] as number) * fPrime(Z[k] as number, A[k] as number);
        dh[c] = 0; // every path to hₜ₋₁ goes through U
      }
    }
  }

  override toJSON(): LayerJson {
    const { type, ...rest } = this.recurrentJson();
    return { type, activation: this.activation, ...rest };
  }

  /** Rebuilds an RNN from its `toJSON`, checking every field (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): RNN {
    const read = readRecurrentJson(json, path, 1);
    const activation = read.fields.value('activation');
    if (typeof activation !== 'string' || !activationNames().includes(activation)) {
      throw new ModelFormatError(
        `${path}.activation`,
        `expected one of ${activationNames().join(', ')}, got ${JSON.stringify(activation) ?? 'nothing'}`,
      );
    }
    read.fields.end();
    const layer = new RNN(read.inputSize, read.hiddenSize, { ...read.options, activation, rng: new Rng(0) });
    setParameters(layer, read);
    return layer;
  }
}

registerLayer('RNN', RNN.fromJSON);
