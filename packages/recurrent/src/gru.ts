import { type LayerJson, registerLayer, sigmoid } from '@nn/layers';
import { Rng, Tensor } from '@nn/tensor';
import { readRecurrentJson, Recurrent, type RecurrentOptions, setParameters } from './recurrent';

/**
 * Gated recurrent unit (Cho et al.), in the form PyTorch and cuDNN compute: the reset gate applies
 * after the recurrent product. With the gates stacked update, reset, candidate (z, r, n), the input
 * side aₓ = W·xₜ + B and the recurrent side aₕ = U·hₜ₋₁ + B' `[3h, b]`:
 *
 *   zₜ = σ(aₓ_z + aₕ_z)
 *   rₜ = σ(aₓ_r + aₕ_r)
 *   nₜ = tanh(aₓ_n + rₜ ⊙ aₕ_n)
 *   hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁                    (h₀ = 0 unless `initialState` is set)
 *
 * W `[3h, n]` (`inputWeights`), U `[3h, h]` (`recurrentWeights`), B `[3h, 1]` (`bias`) and the
 * recurrent bias B' `[3h, 1]` (`recurrentBias`): ONNX's GRU with `linear_before_reset = 1`.
 *
 * Backpropagation through time. Given dE/dhₜ (`Recurrent` adds dE/dYₜ and Uᵀ·dE/daₕ of step t + 1):
 *
 *   dE/daₓ_n = dE/dhₜ ⊙ (1 − zₜ) ⊙ (1 − nₜ²)            dE/daₕ_n = dE/daₓ_n ⊙ rₜ
 *   dE/daₓ_z = dE/daₕ_z = dE/dhₜ ⊙ (hₜ₋₁ − nₜ) ⊙ zₜ(1 − zₜ)
 *   dE/daₓ_r = dE/daₕ_r = dE/daₓ_n ⊙ aₕ_n ⊙ rₜ(1 − rₜ)
 *   dE/dhₜ₋₁ = dE/dhₜ ⊙ zₜ + Uᵀ·dE/daₕ
 *
 * so W and B take their gradients from dE/daₓ, U and B' from dE/daₕ, summed over the steps:
 * dE/dW = Σₜ dE/daₓ·xₜᵀ, dE/dB = Σₜ dE/daₓ, dE/dU = Σₜ dE/daₕ·hₜ₋₁ᵀ, dE/dB' = Σₜ dE/daₕ. A masked
 * step carries hₜ = hₜ₋₁: dE/dhₜ passes through whole and the gates get no gradient.
 */
export class GRU extends Recurrent {
  /** B' `[3h, 1]`: the recurrent side's bias (inside the reset product for the candidate). */
  recurrentBias: Tensor;
  /** dE/dB' from the last `backward`. */
  recurrentBiasGradient: Tensor;
  /** aₕ_n = U_n·hₜ₋₁ + B'_n of every step `[h, T, b]`, for backward. */
  private candidateRecurrent!: Tensor;

  /**
   * @param inputSize n, the features of each step.
   * @param hiddenSize h, the units of the state.
   */
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('GRU', inputSize, hiddenSize, 3, options);
    this.recurrentBias = Tensor.zeros([3 * hiddenSize, 1], this.inputWeights.dtype);
    this.recurrentBiasGradient = Tensor.zeros([3 * hiddenSize, 1], this.inputWeights.dtype);
  }

  protected override checkOwnTensors(where: string): void {
    this.expectShape(where, 'recurrentBias', this.recurrentBias, [3 * this.hiddenSize, 1]);
  }

  protected override recurrentBiasOf(): { value: Tensor; gradient: Tensor } {
    this.expectShape(`${this}`, 'recurrentBias', this.recurrentBias, [3 * this.hiddenSize, 1]);
    return { value: this.recurrentBias, gradient: this.recurrentBiasGradient };
  }

  protected override separateRecurrentGradient(): boolean {
    return true;
  }

  protected override allocateSteps(T: number, b: number): void {
    this.candidateRecurrent = Tensor.zeros([this.hiddenSize, T, b], this.inputWeights.dtype);
  }

  protected override step(t: number): void {
    const [h, T, b] = [this.hiddenSize, this.steps, this.batch];
    const [Z, A, R, Rn] = [this.projection.data, this.gates.data, this.recurrent.data, this.candidateRecurrent.data];
    const [hPrevious, hNext, masked] = [this.statePrevious.data, this.state.data, this.masked];
    const [gateStride, stepStride] = [h * T * b, h * b]; // from one gate's block to the next
    for (let j = 0; j < h; j++) {
      for (let s = 0; s < b; s++) {
        const c = j * b + s; // unit j of sequence s in [h, b] (and the update gate's row in [3h, b])
        const k = j * T * b + t * b + s; // unit j, step t, sequence s in [h, T, b] (and in [3h, T, b])
        if (masked?.[t * b + s] === 1) {
          hNext[c] = hPrevious[c] as number; // a padded step carries the state through
          continue;
        }
        // z = σ(aₓ_z + aₕ_z),  r = σ(aₓ_r + aₕ_r)
        const z = (A[k] = sigmoid((Z[k] as number) + (R[c] as number)));
        const r = (A[k + gateStride] = sigmoid((Z[k + gateStride] as number) + (R[c + stepStride] as number)));
        // n = tanh(aₓ_n + r ⊙ aₕ_n), the reset applied after the recurrent product
        const recurrentN = (Rn[k] = R[c + 2 * stepStride] as number);
        const n = (A[k + 2 * gateStride] = Math.tanh((Z[k + 2 * gateStride] as number) + r * recurrentN));
        // hₜ = (1 − z) ⊙ n + z ⊙ hₜ₋₁
        hNext[c] = (1 - z) * n + z * (hPrevious[c] as number);
      }
    }
  }

  protected override stepBackward(t: number): void {
    const [h, T, b] = [this.hiddenSize, this.steps, this.batch];
    const [A, Rn, H, dX, dH] = [
      this.gates.data,
      this.candidateRecurrent.data,
      this.previous.data,
      this.inputSideGradient.data,
      this.recurrentSideGradient.data,
    ];
    const [dStep, dh, masked] = [this.stepGradient.data, this.stateGradient.data, this.masked];
    const [gateStride, stepStride] = [h * T * b, h * b];
    for (let j = 0; j < h; j++) {
      for (let s = 0; s < b; s++) {
        const c = j * b + s;
        const k = j * T * b + t * b + s;
        if (masked?.[t * b + s] === 1) {
          // no gradient; dE/dhₜ₋₁ = dE/dhₜ stays in dh
          for (let q = 0; q < 3; q++) dX[k + q * gateStride] = dH[k + q * gateStride] = dStep[c + q * stepStride] = 0;
          continue;
        }
        const z = A[k] as number;
        const r = A[k + gateStride] as number;
        const n = A[k + 2 * gateStride] as number;
        const dhValue = dh[c] as number;
        // dE/daₓ_n = dE/dhₜ ⊙ (1 − z) ⊙ (1 − n²),  dE/daₕ_n = dE/daₓ_n ⊙ r
        const dn = dhValue * (1 - z) * (1 - n * n);
        dX[k + 2 * gateStride] = dn;
        dH[k + 2 * gateStride] = dStep[c + 2 * stepStride] = dn * r;
        // dE/daₓ_z = dE/daₕ_z = dE/dhₜ ⊙ (hₜ₋₁ − n) ⊙ z(1 − z)
        dX[k] = dH[k] = dStep[c] = dhValue * ((H[k] as number) - n) * z * (1 - z);
        // dE/daₓ_r = dE/daₕ_r = dE/daₓ_n ⊙ aₕ_n ⊙ r(1 − r)
        dX[k + gateStride] = dH[k + gateStride] = dStep[c + stepStride] = dn * (Rn[k] as number) * r * (1 - r);
        // the part of dE/dhₜ₋₁ that bypasses U: dE/dhₜ ⊙ z
        dh[c] = dhValue * z;
      }
    }
  }

  override toJSON(): LayerJson {
    return { ...this.recurrentJson(), recurrentBias: Array.from(this.recurrentBias.data) };
  }

  /** Rebuilds a GRU from its `toJSON`, checking every field (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): GRU {
    const read = readRecurrentJson(json, path, 3);
    const recurrentBias = read.fields.numbers('recurrentBias', [3 * read.hiddenSize, 1], read.options.dtype);
    read.fields.end();
    const layer = new GRU(read.inputSize, read.hiddenSize, { ...read.options, rng: new Rng(0) });
    setParameters(layer, read);
    layer.recurrentBias.data.set(recurrentBias);
    return layer;
  }
}

registerLayer('GRU', GRU.fromJSON);
