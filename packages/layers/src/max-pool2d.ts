import { assertPositiveInteger, formatShape, reuse, ShapeError, type Tensor } from '@nn/tensor';
import { Layer, type LayerJson } from './layer';
import { LayerFields } from './layer-json';
import { registerLayer } from './registry';

/**
 * Max pooling: each map of an input [d, h, w] (or a batch [d, h, w, b]) is cut into `size`×`size`
 * windows and each window gives its largest value; the output is [d, ⌊h/size⌋, ⌊w/size⌋] (rows and
 * columns that do not fill a window are dropped).
 *
 *   y = max(x in window)
 *   dE/dx = dE/dy for the x that was the maximum, 0 for the others (the max passes the gradient
 *   to whichever input it picked; on ties, the first in reading order). A window holding NaN gives
 *   NaN (as Math.max does), whatever the NaN's place, and passes its gradient to that NaN.
 */
export class MaxPool2d extends Layer {
  private argmax: Int32Array = new Int32Array(0);
  private inputGradient: Tensor | null = null;

  /** @param size the side of each square window, which is also the stride. */
  constructor(readonly size: number) {
    super();
    assertPositiveInteger('MaxPool2d', 'size', size);
  }

  override forward(input: Tensor): Tensor {
    const shape = input.shape;
    if (shape.length !== 3 && shape.length !== 4) {
      throw new ShapeError(
        `${this}.forward: input has shape ${formatShape(shape)}, expected [d, h, w] or [d, h, w, batch]`,
      );
    }
    const [d, h, w, b = 1] = shape as unknown as [number, number, number, number?];
    const p = this.size;
    const oh = Math.floor(h / p);
    const ow = Math.floor(w / p);
    if (oh === 0 || ow === 0) {
      throw new ShapeError(`${this}.forward: input ${h}×${w} is smaller than one ${p}×${p} window`);
    }
    this.input = input;
    const output = reuse(this.output, shape.length === 4 ? [d, oh, ow, b] : [d, oh, ow], input.dtype, input);
    if (this.argmax.length !== output.size) this.argmax = new Int32Array(output.size);
    const X = input.data;
    const Y = output.data;
    const argmax = this.argmax;
    // where each element of a window sits from the window's first, in reading order (batch last:
    // element (m, n) of a window is (m·w + n)·b further on)
    const offsets = new Int32Array(p * p);
    for (let m = 0; m < p; m++) for (let n = 0; n < p; n++) offsets[m * p + n] = (m * w + n) * b;
    for (let c = 0; c < d; c++) {
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++) {
          const first = ((c * h + y * p) * w + x * p) * b;
          const o = ((c * oh + y) * ow + x) * b;
          // the batch innermost: each sample's window read at the same offsets
          for (let s = 0; s < b; s++) {
            let at = first + s;
            let best = X[at] as number;
            for (let k = 1; k < offsets.length; k++) {
              const i = first + (offsets[k] as number) + s;
              const v = X[i] as number;
              // y = max(x in window)
              // the first NaN of a window wins: a NaN anywhere gives NaN, wherever it sits
              if (v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
                best = v;
                at = i;
              }
            }
            Y[o + s] = best;
            argmax[o + s] = at;
          }
        }
      }
    }
    this.output = output;
    return output;
  }

  override backward(outputGradient: Tensor, _learningRate: number): Tensor {
    const input = this.lastInput();
    this.checkOutputGradient(outputGradient);
    const inputGradient = reuse(this.inputGradient, input.shape, input.dtype, outputGradient, input);
    inputGradient.data.fill(0);
    this.inputGradient = inputGradient;
    // dE/dx = dE/dy at the position of each window's maximum, 0 elsewhere
    for (let o = 0; o < this.argmax.length; o++) {
      inputGradient.data[this.argmax[o] as number] += outputGradient.data[o] as number;
    }
    return inputGradient;
  }

  /** An image [d, h, w] of at least size×size gives [d, ⌊h/size⌋, ⌊w/size⌋]. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    const p = this.size;
    const [d, h, w] = inputShape as [number, number, number];
    if (inputShape.length !== 3 || h < p || w < p) {
      throw new ShapeError(`${this}: takes an image [d, h, w] of at least ${p}×${p}, got ${formatShape(inputShape)}`);
    }
    return [d, Math.floor(h / p), Math.floor(w / p)];
  }

  override toJSON(): LayerJson {
    return { type: 'MaxPool2d', size: this.size };
  }

  /** Rebuilds a MaxPool2d layer from its `toJSON`, checking its field (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): MaxPool2d {
    const f = new LayerFields(json, path);
    const size = f.size('size');
    f.end();
    return new MaxPool2d(size);
  }

  override toString(): string {
    return `MaxPool2d(${this.size})`;
  }
}

registerLayer('MaxPool2d', MaxPool2d.fromJSON);
