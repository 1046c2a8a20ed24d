/**
 * Layers reuse their buffers; reuse must never give a wrong number. A layer fed its own last
 * output (forward) or its own last dE/dX (backward) computes what a fresh copy of it computes.
 */
import { describe, expect, it } from 'vitest';
import { Rng, Tensor } from '@nn/tensor';
import { Activation, Dense, Dropout, type Layer, layerFromJSON, MaxPool2d } from '@nn/layers';
import { squareLayers } from './examples';

/** A second, independent layer with the same parameters. */
const twin = (layer: Layer): Layer =>
  layer instanceof Dropout ? new Dropout(layer.rate, new Rng(1)) : layerFromJSON(layer.toJSON());

const withBatch = (sample: number[], b: number) =>
  sample.length === 2 && sample[1] === 1 ? [sample[0]!, b] : [...sample, b];

describe('a layer fed its own buffers computes what a fresh copy computes', () => {
  for (const batch of [1, 3]) {
    it(`forward(forward(x)), batch ${batch}`, () => {
      for (const [layer, sample] of squareLayers()) {
        const dtype = layer.parameters()[0]?.value.dtype ?? 'float64';
        const x = Tensor.randn(batch === 1 ? sample : withBatch(sample, batch), new Rng(batch), dtype);
        const copy = twin(layer);
        layer.training = copy.training = true;
        const expected = copy.forward(copy.forward(x).clone()).clone();
        expect(layer.forward(layer.forward(x)).toArray(), `${layer}`).toEqual(expected.toArray());
      }
    });

    it(`backward(backward(g)), batch ${batch}`, () => {
      for (const [layer, sample] of squareLayers()) {
        const dtype = layer.parameters()[0]?.value.dtype ?? 'float64';
        const x = Tensor.randn(batch === 1 ? sample : withBatch(sample, batch), new Rng(10 + batch), dtype);
        const copy = twin(layer);
        layer.training = copy.training = true;
        const g = Tensor.randn(layer.forward(x).shape, new Rng(3), dtype);
        copy.forward(x);
        const expected = copy.backward(copy.backward(g, 0).clone(), 0).clone();
        expect(layer.backward(layer.backward(g, 0), 0).toArray(), `${layer}`).toEqual(expected.toArray());
      }
    });
  }

  it('a view made outside the library (subarray) of its own output is seen too', () => {
    const rng = new Rng(5);
    const dense = new Dense(3, 3, { rng });
    const copy = layerFromJSON(dense.toJSON());
    const x = Tensor.randn([3, 1], rng);
    const own = dense.forward(x);
    const view = new Tensor([3, 1], (own.data as Float64Array).subarray(0, 3));
    const expected = copy.forward(copy.forward(x).clone()).clone();
    expect(dense.forward(view).toArray()).toEqual(expected.toArray());
  });

  it("an activation whose f' reads X keeps X when fed its own output", () => {
    const square = new Activation(
      (x) => x * x,
      (x) => 2 * x,
      'Square',
    );
    const y1 = square.forward(Tensor.from([[0.5], [-2]])); // [0.25, 4]
    square.forward(y1); // its input is its own last output: that X must survive for backward
    expect(square.backward(Tensor.from([[1], [1]]), 0).toArray()).toEqual([[0.5], [8]]);
  });
});

describe('a layer fed its own dE/dX, or its own mask', () => {
  it('keeps the X it was given while backward writes the next dE/dX (every layer, twice backward)', () => {
    for (const [layer, sample] of squareLayers()) {
      const dtype = layer.parameters()[0]?.value.dtype ?? 'float64';
      const rng = new Rng(7);
      const copy = twin(layer);
      layer.training = copy.training = true;
      const x = Tensor.randn(sample, rng, dtype);
      const g = Tensor.randn(layer.forward(x).shape, rng, dtype);
      const dx = layer.backward(g, 0); // the layer's own buffer
      copy.forward(x);
      const dxCopy = copy.backward(g, 0).clone();
      const g2 = Tensor.randn(g.shape, rng, dtype);
      layer.forward(dx);
      copy.forward(dxCopy);
      layer.backward(g2, 0);
      copy.backward(g2, 0);
      const second = layer.backward(g2, 0).toArray();
      expect(second, `${layer}`).toEqual(copy.backward(g2, 0).toArray());
      layer
        .parameters()
        .forEach((p, i) => expect(p.gradient.data, `${layer} ${p.name}`).toEqual(copy.parameters()[i]!.gradient.data));
    }
  });

  it('Dropout fed its own mask in training', () => {
    const drop = new Dropout(0.5, new Rng(3));
    const copy = new Dropout(0.5, new Rng(3));
    drop.training = copy.training = true;
    const x = Tensor.full([6, 1], 2);
    drop.forward(x);
    copy.forward(x);
    const expected = copy.forward((copy.mask as Tensor).clone()).toArray();
    expect(drop.forward(drop.mask as Tensor).toArray()).toEqual(expected);
  });

  it('backward refuses a learning rate that is not a finite number ≥ 0 before changing anything', () => {
    const dense = squareLayers()[0]![0] as Dense;
    const before = dense.weights.clone();
    dense.forward(Tensor.from([[1], [2], [3]]));
    for (const rate of [undefined, Number.NaN, -0.1, Infinity] as unknown as number[]) {
      expect(() => dense.backward(Tensor.from([[1], [1], [1]]), rate)).toThrow(
        'learningRate must be a finite number ≥ 0',
      );
    }
    expect(dense.weights.data).toEqual(before.data);
  });
});

describe('MaxPool2d and NaN', () => {
  it('a NaN anywhere in a window gives NaN, wherever it sits', () => {
    for (let at = 0; at < 4; at++) {
      const values = [1, 5, 3, 2];
      values[at] = Number.NaN;
      const out = new MaxPool2d(2).forward(Tensor.from([[values.slice(0, 2), values.slice(2)]]));
      expect(Number.isNaN(out.data[0]), `NaN at ${at}`).toBe(true);
    }
  });

  it('gives the plain loop’s maxima and gradients: ties, NaNs, ragged edges, batches', () => {
    // the plain formulation: each window in reading order, the first maximum (or first NaN) wins
    const plain = (X: Float64Array, [d, h, w, b]: number[], p: number) => {
      const [oh, ow] = [Math.floor(h / p), Math.floor(w / p)];
      const [Y, at] = [new Float64Array(d * oh * ow * b), new Int32Array(d * oh * ow * b)];
      for (let c = 0; c < d; c++)
        for (let y = 0; y < oh; y++)
          for (let x = 0; x < ow; x++)
            for (let s = 0; s < b; s++) {
              let [best, where] = [Number.NEGATIVE_INFINITY, -1];
              for (let m = 0; m < p; m++)
                for (let n = 0; n < p; n++) {
                  const i = ((c * h + y * p + m) * w + x * p + n) * b + s;
                  const v = X[i] as number;
                  if (where < 0 || v > best || (Number.isNaN(v) && !Number.isNaN(best))) [best, where] = [v, i];
                }
              const o = ((c * oh + y) * ow + x) * b + s;
              [Y[o], at[o]] = [best, where];
            }
      return { Y, at };
    };
    const rng = new Rng(4);
    for (const [shape, p] of [
      [[2, 5, 7, 3], 2],
      [[1, 6, 6, 1], 3],
      [[3, 4, 5, 4], 2],
      [[2, 5, 4], 2],
    ] as [number[], number][]) {
      const [d, h, w, b = 1] = shape as [number, number, number, number?];
      // small integers (many ties), some NaN, −∞ and −0
      const X = Float64Array.from({ length: d * h * w * b }, () => {
        const u = rng.uniform();
        return u < 0.05 ? Number.NaN : u < 0.1 ? Number.NEGATIVE_INFINITY : u < 0.15 ? -0 : Math.floor(u * 4) - 2;
      });
      const pool = new MaxPool2d(p);
      const out = pool.forward(new Tensor(shape, X));
      const expected = plain(X, [d, h, w, b], p);
      expect([...out.data].every((v, i) => Object.is(v, expected.Y[i]))).toBe(true);
      // the gradient of output o lands on the input the plain loop picked
      const g = Float64Array.from(out.data, (_, o) => o + 1);
      const dX = pool.backward(new Tensor(out.shape, g), 0).data;
      const want = new Float64Array(X.length);
      expected.at.forEach((i, o) => {
        want[i] = (want[i] as number) + (g[o] as number);
      });
      expect([...dX]).toEqual([...want]);
    }
  });

  it('the gradient goes to the NaN', () => {
    const pool = new MaxPool2d(2);
    pool.forward(
      Tensor.from([
        [
          [1, 5],
          [Number.NaN, 2],
        ],
      ]),
    );
    expect(pool.backward(Tensor.from([[[7]]]), 0).toArray()).toEqual([
      [
        [0, 0],
        [7, 0],
      ],
    ]);
  });
});
