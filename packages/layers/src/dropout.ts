import { InvalidOptionError, type Rng, reuse, type Tensor } from '@nn/tensor';
import { defaultRng } from './init';
import { Layer, type LayerJson } from './layer';
import { LayerFields } from './layer-json';
import { registerLayer } from './registry';

/**
 * Inverted dropout. While training (`layer.training`, which `fit` sets), each input is kept with
 * probability 1 − rate and scaled by 1/(1 − rate), or dropped to 0:
 *
 *   M_i = 1/(1 − rate) with probability 1 − rate, else 0;   Y = X ⊙ M;   dE/dX = dE/dY ⊙ M
 *
 * so the expected output equals the input and nothing needs rescaling at inference. Outside
 * training (`predict`) it is the identity: Y = X, dE/dX = dE/dY. The mask is drawn from `rng`:
 * the same seed gives the same masks.
 */
export class Dropout extends Layer {
  /** M from the last training forward: 0 or 1/(1 − rate) per element. */
  mask: Tensor | null = null;
  private readonly rng: Rng;
  private maskBuffer: Tensor | null = null;
  private outputBuffer: Tensor | null = null;
  private inputGradient: Tensor | null = null;

  /**
   * @param rate the probability of dropping each input, in [0, 1).
   * @param rng where the masks come from; the package's shared generator by default.
   */
  constructor(
    readonly rate: number,
    rng: Rng = defaultRng,
  ) {
    super();
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new InvalidOptionError(`Dropout: rate must be a number in [0, 1), got ${String(rate)}`);
    }
    this.rng = rng;
  }

  override forward(input: Tensor): Tensor {
    this.input = input;
    if (!this.training) {
      this.mask = null;
      // Y = X at inference
      this.output = input;
      return input;
    }
    const keep = 1 - this.rate;
    const scale = 1 / keep;
    const mask = (this.maskBuffer = reuse(this.maskBuffer, input.shape, input.dtype, input));
    const M = mask.data;
    // 1/keep with probability keep, else 0: the number of the comparison times 1/keep, so that
    // no branch waits on a random outcome (one was mispredicted a good part of the time)
    for (let i = 0; i < M.length; i++) M[i] = Number(this.rng.uniform() < keep) * scale;
    this.mask = mask;
    const output = (this.outputBuffer = reuse(this.outputBuffer, input.shape, input.dtype, input));
    const X = input.data;
    const Y = output.data;
    // Y = X ⊙ M
    for (let i = 0; i < Y.length; i++) Y[i] = (X[i] as number) * (M[i] as number);
    this.output = output;
    return output;
  }

  override backward(outputGradient: Tensor, _learningRate: number): Tensor {
    this.lastInput();
    this.checkOutputGradient(outputGradient);
    const mask = this.mask;
    if (mask === null) return outputGradient;
    const inputGradient = (this.inputGradient = reuse(
      this.inputGradient,
      outputGradient.shape,
      outputGradient.dtype,
      outputGradient,
      mask,
    ));
    // dE/dX = dE/dY ⊙ M
    for (let i = 0; i < inputGradient.data.length; i++) {
      inputGradient.data[i] = (outputGradient.data[i] as number) * (mask.data[i] as number);
    }
    return inputGradient;
  }

  /** Dropout keeps the shape of its samples. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override toJSON(): LayerJson {
    return { type: 'Dropout', rate: this.rate };
  }

  /** Rebuilds a Dropout layer from its `toJSON`, checking its rate (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): Dropout {
    const f = new LayerFields(json, path);
    const rate = f.rate('rate');
    f.end();
    return new Dropout(rate);
  }

  override toString(): string {
    return `Dropout(${this.rate})`;
  }
}

registerLayer('Dropout', Dropout.fromJSON);
