import { expect } from 'vitest';
import { Rng, Tensor } from '@nn/tensor';
import type { Layer } from '@nn/layers';

/** A tensor that the layer reads and its analytic gradient after `backward`. */
interface Checked {
  name: string;
  values: Tensor;
  gradient: () => Tensor | null;
}

/**
 * Finite-difference check of a sequence layer's `backward`, with E = Σ R ⊙ Y for a fixed random
 * R: dE/dX, every parameter, and any `extra` tensor the layer reads (an initial state), each entry
 * against (E(p + h) − E(p − h)) / 2h. Entries of X listed in `skipInput` (padded steps, where a
 * change of X unmasks the step) are not differentiated; their dE/dX must be exactly 0.
 */
export function checkSequenceGradients(
  layer: Layer,
  input: Tensor,
  { seed = 1, h = 1e-6, tolerance = 1e-6, extra = [] as Checked[], skipInput = new Set<number>() } = {},
): number {
  const R = Tensor.randn(layer.forward(input.clone()).shape, new Rng(seed));
  const error = (): number => {
    const y = layer.forward(input).data;
    let e = 0;
    for (let i = 0; i < y.length; i++) e += (R.data[i] as number) * (y[i] as number);
    return e;
  };
  layer.forward(input);
  const dX = layer.backward(R, 0).clone();
  const checked = [
    { name: 'dE/dX', values: input, gradient: dX },
    ...layer.parameters().map((p) => ({ name: `dE/d${p.name}`, values: p.value, gradient: p.gradient.clone() })),
    ...extra.map((e) => ({ name: `dE/d${e.name}`, values: e.values, gradient: (e.gradient() as Tensor).clone() })),
  ];
  let count = 0;
  for (const { name, values, gradient } of checked) {
    expect(gradient.shape, name).toEqual(values.shape);
    for (let i = 0; i < values.data.length; i++) {
      if (values === input && skipInput.has(i)) {
        expect(gradient.data[i], `${layer} ${name}[${i}] of a padded step`).toBe(0);
        continue;
      }
      const keep = values.data[i] as number;
      values.data[i] = keep + h;
      const plus = error();
      values.data[i] = keep - h;
      const minus = error();
      values.data[i] = keep;
      const numeric = (plus - minus) / (2 * h);
      const exact = gradient.data[i] as number;
      const scale = Math.max(1, Math.abs(numeric), Math.abs(exact));
      expect(
        Math.abs(numeric - exact) / scale,
        `${layer} ${name}[${i}]: backward ${exact}, finite difference ${numeric}`,
      ).toBeLessThan(tolerance);
      count++;
    }
  }
  return count;
}
