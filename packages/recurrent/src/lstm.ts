import { type LayerJson, registerLayer, sigmoid } from '@nn/layers';
import { reuse, Rng, Tensor } from '@nn/tensor';
import { readRecurrentJson, Recurrent, type RecurrentOptions, setParameters } from './recurrent';

/**
 * Long short-term memory (Hochreiter & Schmidhuber): besides its state hₜ, each unit keeps a cell
 * cₜ that gates write to, keep and read. With zₜ = W·xₜ + U·hₜ₋₁ + B `[4h, b]` split into four
 * blocks of h rows, stacked in the order input, forget, cell, output (as Keras and tfjs-layers
 * store them):
 *
 *   iₜ = σ(z_i)   fₜ = σ(z_f)   gₜ = tanh(z_g)   oₜ = σ(z_o)
 *   cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ
 *   hₜ = oₜ ⊙ tanh(cₜ)                               (h₀ = c₀ = 0 unless given)
 *
 * W `[4h, n]` (`inputWeights`), U `[4h, h]` (`recurrentWeights`), B `[4h, 1]` (`bias`, its forget
 * block initialised to 1 so that the cell remembers from the start).
 *
 * Backpropagation through time. cₜ reaches E through hₜ and through cₜ₊₁ = fₜ₊₁ ⊙ cₜ + …; hₜ
 * through Yₜ and zₜ₊₁. Given dE/dhₜ (`Recurrent` adds dE/dYₜ and Uᵀ·dE/dzₜ₊₁) and dE/dcₜ
 * carried from step t + 1 (fₜ₊₁ ⊙ dE/dcₜ₊₁):
 *
 *   dE/dcₜ  += dE/dhₜ ⊙ oₜ ⊙ (1 − tanh²(cₜ))
 *   dE/doₜ   = dE/dhₜ ⊙ tanh(cₜ)           dE/dz_o = dE/doₜ ⊙ oₜ ⊙ (1 − oₜ)
 *   dE/diₜ   = dE/dcₜ ⊙ gₜ                 dE/dz_i = dE/diₜ ⊙ iₜ ⊙ (1 − iₜ)
 *   dE/dfₜ   = dE/dcₜ ⊙ cₜ₋₁               dE/dz_f = dE/dfₜ ⊙ fₜ ⊙ (1 − fₜ)
 *   dE/dgₜ   = dE/dcₜ ⊙ iₜ                 dE/dz_g = dE/dgₜ ⊙ (1 − gₜ²)
 *   dE/dcₜ₋₁ = dE/dcₜ ⊙ fₜ
 *
 * and dE/dhₜ₋₁ = Uᵀ·dE/dzₜ; W, U, B sum their steps' gradients (`Recurrent`). dE/dc₀ is
 * `initialCellStateGradient`. A masked step carries hₜ = hₜ₋₁ and cₜ = cₜ₋₁: both gradients pass
 * through it, and dE/dzₜ = 0.
 */
export class LSTM extends Recurrent {
  /** c₀ `[h, b]` for the next `forward` (null: zeros). A stateful layer sets it itself. */
  initialCellState: Tensor | null = null;
  /** dE/dc₀ `[h, b]` from the last `backward`. */
  initialCellStateGradient: Tensor | null = null;
  /** cₜ and tanh(cₜ) of every step `[h, T, b]`, c₀ `[h, b]`. */
  private cells!: Tensor;
  private cellsTanh!: Tensor;
  private firstCell!: Tensor;
  /** cₜ₋₁ while step t runs, and cₜ; dE/dcₜ going back `[h, b]`. */
  private cellPrevious!: Tensor;
  private cell!: Tensor;
  private cellGradient!: Tensor;
  private keptCell: Tensor | null = null;

  /**
   * @param inputSize n, the features of each step.
   * @param hiddenSize h, the units of the state and of the cell.
   */
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('LSTM', inputSize, hiddenSize, 4, options);
    this.bias.data.fill(1, hiddenSize, 2 * hiddenSize); // forget gate: B_f = 1
  }

  protected override allocateSteps(T: number, b: number): void {
    const [h, dtype] = [this.hiddenSize, this.inputWeights.dtype];
    this.cells = Tensor.zeros([h, T, b], dtype);
    this.cellsTanh = Tensor.zeros([h, T, b], dtype);
    for (const name of ['firstCell', 'cellPrevious', 'cell', 'cellGradient'] as const) {
      this[name] = Tensor.zeros([h, b], dtype);
    }
  }

  protected override checkOwnTensors(where: string, batch: number): void {
    const c0 = this.initialCellState;
    if (c0 !== null) this.expectInitialState(where, 'initialCellState', c0, batch);
  }

  protected override beginForward(): void {
    const c0 = this.initialCellState;
    if (c0 === null) this.firstCell.data.fill(0);
    else this.firstCell.data.set(c0.data);
    this.cellPrevious.data.set(this.firstCell.data);
  }

  protected override step(t: number): void {
    const [h, T, b] = [this.hiddenSize, this.steps, this.batch];
    const TB = T * b;
    const [Z, A, R, C, tanhC] = [
      this.projection.data,
      this.gates.data,
      this.recurrent.data,
      this.cells.data,
      this.cellsTanh.data,
    ];
    const [hPrevious, hNext, cPrevious, cNext, masked] = [
      this.statePrevious.data,
      this.state.data,
      this.cellPrevious.data,
      this.cell.data,
      this.masked,
    ];
    const [gateStride, stepStride] = [h * TB, h * b]; // from one gate's block to the next
    for (let j = 0; j < h; j++) {
      for (let s = 0; s < b; s++) {
        const c = j * b + s; // unit j of sequence s in [h, b] (and the input gate's row in [4h, b])
        const k = j * TB + t * b + s; // unit j, step t, sequence s in [h, T, b] (and the input gate's in [4h, T, b])
        if (masked?.[t * b + s] === 1) {
          // a padded step carries hₜ = hₜ₋₁ and cₜ = cₜ₋₁
          hNext[c] = hPrevious[c] as number;
          C[k] = cNext[c] = cPrevious[c] as number;
          continue;
        }
        // zₜ = W·xₜ + B + U·hₜ₋₁, block by block; i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o)
        const i = (A[k] = sigmoid((Z[k] as number) + (R[c] as number)));
        const f = (A[k + gateStride] = sigmoid((Z[k + gateStride] as number) + (R[c + stepStride] as number)));
        const g = (A[k + 2 * gateStride] = Math.tanh(
          (Z[k + 2 * gateStride] as number) + (R[c + 2 * stepStride] as number),
        ));
        const o = (A[k + 3 * gateStride] = sigmoid(
          (Z[k + 3 * gateStride] as number) + (R[c + 3 * stepStride] as number),
        ));
        // cₜ = f ⊙ cₜ₋₁ + i ⊙ g
        const cell = (C[k] = cNext[c] = f * (cPrevious[c] as number) + i * g);
        // hₜ = o ⊙ tanh(cₜ)
        hNext[c] = o * (tanhC[k] = Math.tanh(cell));
      }
    }
    [this.cellPrevious, this.cell] = [this.cell, this.cellPrevious];
  }

  protected override stepBackward(t: number): void {
    const [h, T, b] = [this.hiddenSize, this.steps, this.batch];
    const TB = T * b;
    const [A, C, tanhC, dZ, dStep] = [
      this.gates.data,
      this.cells.data,
      this.cellsTanh.data,
      this.inputSideGradient.data,
      this.stepGradient.data,
    ];
    const [dh, dc, c0, masked] = [this.stateGradient.data, this.cellGradient.data, this.firstCell.data, this.masked];
    const [gateStride, stepStride] = [h * TB, h * b];
    for (let j = 0; j < h; j++) {
      for (let s = 0; s < b; s++) {
        const c = j * b + s;
        const k = j * TB + t * b + s;
        if (masked?.[t * b + s] === 1) {
          // no gradient; dE/dhₜ₋₁ = dE/dhₜ and dE/dcₜ₋₁ = dE/dcₜ stay where they are
          for (let q = 0; q < 4; q++) dZ[k + q * gateStride] = dStep[c + q * stepStride] = 0;
          continue;
        }
        const i = A[k] as number;
        const f = A[k + gateStride] as number;
        const g = A[k + 2 * gateStride] as number;
        const o = A[k + 3 * gateStride] as number;
        const dhValue = dh[c] as number;
        const tanhCell = tanhC[k] as number;
        const cellBefore = t > 0 ? (C[k - b] as number) : (c0[c] as number);
        // dE/dcₜ += dE/dhₜ ⊙ o ⊙ (1 − tanh²(cₜ))
        const dcValue = (dc[c] as number) + dhValue * o * (1 - tanhCell * tanhCell);
        // dE/dz_i = dE/dcₜ ⊙ g ⊙ i(1 − i)
        dZ[k] = dStep[c] = dcValue * g * i * (1 - i);
        // dE/dz_f = dE/dcₜ ⊙ cₜ₋₁ ⊙ f(1 − f)
        dZ[k + gateStride] = dStep[c + stepStride] = dcValue * cellBefore * f * (1 - f);
        // dE/dz_g = dE/dcₜ ⊙ i ⊙ (1 − g²)
        dZ[k + 2 * gateStride] = dStep[c + 2 * stepStride] = dcValue * i * (1 - g * g);
        // dE/dz_o = dE/dhₜ ⊙ tanh(cₜ) ⊙ o(1 − o)
        dZ[k + 3 * gateStride] = dStep[c + 3 * stepStride] = dhValue * tanhCell * o * (1 - o);
        // dE/dcₜ₋₁ = dE/dcₜ ⊙ f; dE/dhₜ₋₁ is all through U
        dc[c] = dcValue * f;
        dh[c] = 0;
      }
    }
    if (t === 0) {
      this.initialCellStateGradient = reuse(this.initialCellStateGradient, [h, b], this.cellGradient.dtype).copyFrom(
        this.cellGradient,
      );
    }
  }

  protected override beginBackward(): void {
    this.cellGradient.data.fill(0);
  }

  protected override keepFinalState(): void {
    this.keptCell = reuse(this.keptCell, this.cellPrevious.shape, this.cellPrevious.dtype);
    this.initialCellState = this.keptCell.copyFrom(this.cellPrevious); // c_T, after the last swap
  }

  override resetState(): void {
    super.resetState();
    this.initialCellState = null;
  }

  override toJSON(): LayerJson {
    return this.recurrentJson();
  }

  /** Rebuilds an LSTM from its `toJSON`, checking every field (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): LSTM {
    const read = readRecurrentJson(json, path, 4);
    read.fields.end();
    const layer = new LSTM(read.inputSize, read.hiddenSize, { ...read.options, rng: new Rng(0) });
    setParameters(layer, read);
    return layer;
  }
}

registerLayer('LSTM', LSTM.fromJSON);
