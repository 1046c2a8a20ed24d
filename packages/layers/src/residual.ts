import { DTypeError, formatShape, InvalidOptionError, reuse, ShapeError, sameShape, type Tensor } from '@nn/tensor';
import { Layer, type LayerJson, type Parameter } from './layer';
import { describeValue, LayerFields } from './layer-json';
import { layerFromJSON, registerLayer } from './registry';
import { ownsBuffer } from './sequential';

/**
 * A residual connection (He et al., 2015): a block plus its own input, so that the block learns
 * only what to add to X.
 *
 *   Y = X + F(X)                                 (F is the block: a layer, often a `Sequential`)
 *
 * By the chain rule, X reaches E along two paths, straight through the sum and through F:
 *
 *   dE/dX = dE/dY · dY/dX = dE/dY · (I + dF/dX) = dE/dY + F.backward(dE/dY)
 *
 * so the gradient reaches the layers before the block undiminished however deep the blocks stack.
 * The block must give a sample of the shape it takes (`computeOutputShape`), and learns inside
 * its own `backward` as usual.
 */
export class Residual extends Layer {
  private outputBuffer: Tensor | null = null;
  private inputGradient: Tensor | null = null;

  /** @param block F of Y = X + F(X): any layer whose output has its input's shape. */
  constructor(readonly block: Layer) {
    super();
    if (!(block instanceof Layer)) {
      throw new InvalidOptionError(`Residual: expected a layer as its block, got ${describeValue(block)}`);
    }
  }

  override forward(input: Tensor): Tensor {
    // X must outlive the block's forward: a copy when it is one of the block's own buffers
    const X = ownsBuffer(this.block, input) ? input.clone() : input;
    const F = this.block.forward(X);
    if (!sameShape(F.shape, X.shape) || F.dtype !== X.dtype) {
      // a DTypeError when only the dtype differs
      const Wrong = sameShape(F.shape, X.shape) ? DTypeError : ShapeError;
      throw new Wrong(
        `${this}.forward: the block gives ${formatShape(F.shape)} ${F.dtype} for X ${formatShape(X.shape)} ${X.dtype}: Y = X + F(X) needs F(X) shaped and typed as X`,
      );
    }
    const output = (this.outputBuffer = reuse(this.outputBuffer, X.shape, X.dtype, X, F));
    const Y = output.data;
    const x = X.data;
    const f = F.data;
    // Y = X + F(X)
    for (let i = 0; i < Y.length; i++) Y[i] = (x[i] as number) + (f[i] as number);
    this.input = X;
    this.output = output;
    return output;
  }

  override backward(outputGradient: Tensor, learningRate: number, inputGradient = true): Tensor {
    const input = this.lastInput();
    this.checkOutputGradient(outputGradient);
    if (outputGradient.dtype !== input.dtype) {
      throw new DTypeError(
        `${this}.backward: outputGradient is ${outputGradient.dtype}, expected ${input.dtype} like the forward pass`,
      );
    }
    // dE/dY · dF/dX, the block updating its parameters on the way
    const blockGradient = this.block.backward(outputGradient, learningRate, inputGradient);
    if (!inputGradient) return outputGradient; // nothing reads dE/dX
    const gradient = (this.inputGradient = reuse(
      this.inputGradient,
      input.shape,
      input.dtype,
      outputGradient,
      blockGradient,
    ));
    const dX = gradient.data;
    const dY = outputGradient.data;
    const dF = blockGradient.data;
    // dE/dX = dE/dY + dE/dY · dF/dX
    for (let i = 0; i < dX.length; i++) dX[i] = (dY[i] as number) + (dF[i] as number);
    return gradient;
  }

  override parameters(): Parameter[] {
    return this.block.parameters();
  }

  override sublayers(): readonly Layer[] {
    return [this.block];
  }

  override expectedInputShape(): number[] | null {
    return this.block.expectedInputShape();
  }

  /** The input's shape, which the block must keep. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    const out = this.block.computeOutputShape(inputShape);
    if (!sameShape(out, inputShape)) {
      throw new ShapeError(
        `${this}: its block gives ${formatShape(out)} for ${formatShape(inputShape)}: Y = X + F(X) needs the block to keep the shape`,
      );
    }
    return out;
  }

  /** `Residual(Sequential(Dense(4→4), Tanh))`. */
  override toString(): string {
    return `Residual(${this.block})`;
  }

  override toJSON(): LayerJson {
    return { type: 'Residual', block: this.block.toJSON() };
  }

  /** Rebuilds a Residual and its block from its `toJSON` (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): Residual {
    const f = new LayerFields(json, path);
    const block = layerFromJSON(f.value('block'), `${path}.block`);
    f.end();
    return new Residual(block);
  }
}

registerLayer('Residual', Residual.fromJSON);
