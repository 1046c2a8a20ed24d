import { Rng, Tensor } from '@nn/tensor';
import { expect } from 'vitest';
import type { Layer } from '@nn/layers';

/**
 * Finite-difference check of a layer's `backward`. With E = Σ R ⊙ Y for a fixed random R,
 * dE/dY = R; each entry of dE/dX and of every parameter's gradient must match
 * (E(p + h) − E(p − h)) / 2h within `tolerance` (relative to the larger magnitude, at least 1).
 */
export function checkGradients(
  layer: Layer,
  input: Tensor,
  { seed = 1, h = 1e-6, tolerance = 1e-6, beforeForward = () => {} } = {},
): void {
  const rng = new Rng(seed);
  beforeForward();
  const output = layer.forward(input.clone());
  const R = Tensor.randn(output.shape, rng);
  const error = (): number => {
    beforeForward();
    const y = layer.forward(input).data;
    let e = 0;
    for (let i = 0; i < y.length; i++) e += (R.data[i] as number) * (y[i] as number);
    return e;
  };
  beforeForward();
  layer.forward(input);
  const inputGradient = layer.backward(R, 0);
  // Keep copies: the finite differences below run forward again.
  const analytic = [
    { name: 'dE/dX', values: input, gradient: inputGradient.clone() },
    ...layer.parameters().map((p) => ({ name: `dE/d${p.name}`, values: p.value, gradient: p.gradient.clone() })),
  ];
  expect(inputGradient.shape).toEqual(input.shape);
  for (const { name, values, gradient } of analytic) {
    expect(gradient.shape, name).toEqual(values.shape);
    for (let i = 0; i < values.data.length; i++) {
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
    }
  }
}
