/**
 * @nn/layers/testing — the checks every layer's test runs, for the layers of this package and of
 * add-on packages and your own code alike. They throw an `Error` saying what failed, so they work
 * under any test runner (`expect(() => checkLayerContract(layer, [3, 1])).not.toThrow()`, or a
 * plain call inside a test).
 * @packageDocumentation
 */
import { batchShape, formatShape, Rng, sampleOf, sameShape, Tensor, toBatch } from '@nn/tensor';
import { type Layer, layerFromJSON, layerTypes } from '@nn/layers';

/** Options of `checkGradients`. */
export interface GradientCheckOptions {
  /** Seed of the random dE/dY; 1 by default. */
  seed?: number;
  /** The step h of the central differences; 1e-6 by default. */
  h?: number;
  /** The largest difference allowed, relative to the larger magnitude (at least 1); 1e-6 by default. */
  tolerance?: number;
  /** Called before every forward (to rewind the random draws of a layer such as dropout). */
  beforeForward?: () => void;
}

/**
 * Finite-difference check of a layer's `backward`. With E = Σ R ⊙ Y for a fixed random R,
 * dE/dY = R; each entry of dE/dX and of every parameter's gradient must match
 * (E(p + h) − E(p − h)) / 2h within `tolerance` (relative to the larger magnitude, at least 1).
 * @throws Error naming the layer, the gradient and the entry that differs.
 */
export function checkGradients(layer: Layer, input: Tensor, options: GradientCheckOptions = {}): void {
  const { seed = 1, h = 1e-6, tolerance = 1e-6, beforeForward = () => {} } = options;
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
  // copies: the finite differences below run forward again
  const analytic = [
    { name: 'dE/dX', values: input, gradient: inputGradient.clone() },
    ...layer.parameters().map((p) => ({ name: `dE/d${p.name}`, values: p.value, gradient: p.gradient.clone() })),
  ];
  for (const { name, values, gradient } of analytic) {
    need(
      sameShape(gradient.shape, values.shape),
      `${layer} ${name} has shape ${formatShape(gradient.shape)}, expected ${formatShape(values.shape)}`,
    );
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
      need(
        Math.abs(numeric - exact) / scale < tolerance,
        `${layer} ${name}[${i}]: backward ${exact}, finite difference ${numeric}`,
      );
    }
  }
}

/**
 * What every layer promises, checked in one call from the layer's own test, so that a new layer is
 * one file and its test: `checkLayerContract(new Elu(0.5), [3, 1])`.
 * - `computeOutputShape(sample)` is the shape `forward` gives, for one sample and for a batch;
 * - a batch of b samples gives what the b samples give one by one (outputs, dE/dX, and parameter
 *   gradients summed over the batch);
 * - `backward` agrees with finite differences, on one sample and on a batch;
 * - `layerFromJSON(toJSON())` through the registry rebuilds the same layer, bit for bit.
 * @throws Error saying which promise the layer breaks.
 */
export function checkLayerContract(layer: Layer, sample: number[], { seed = 1, tolerance = 1e-6 } = {}): void {
  const rng = new Rng(seed);
  const b = 3;
  const outShape = layer.computeOutputShape(sample);
  const x = Tensor.randn(sample, rng);
  sameShapes(layer.forward(x).shape, outShape, `${layer}.forward on one sample (against computeOutputShape)`);

  // a batch is its samples side by side
  const xs = Array.from({ length: b }, () => Tensor.randn(sample, rng));
  const gs = Array.from({ length: b }, () => Tensor.randn(outShape, rng));
  const Y = layer.forward(toBatch(xs)).clone();
  sameShapes(Y.shape, batchShape(outShape, b), `${layer}.forward on a batch (against computeOutputShape)`);
  const dX = layer.backward(toBatch(gs), 0).clone();
  const batchGradients = layer.parameters().map((p) => p.gradient.clone());
  const summed = layer.parameters().map((p) => Tensor.zeros(p.gradient.shape));
  xs.forEach((xi, s) => {
    close(layer.forward(xi), sampleOf(Y, s, outShape), `${layer}: output of sample ${s} alone, against the batch's`);
    close(
      layer.backward(gs[s] as Tensor, 0),
      sampleOf(dX, s, sample),
      `${layer}: dE/dX of sample ${s} alone, against the batch's`,
    );
    layer.parameters().forEach((p, i) => p.gradient.data.forEach((v, e) => ((summed[i] as Tensor).data[e] += v)));
  });
  batchGradients.forEach((g, i) =>
    close(g, summed[i] as Tensor, `${layer}: the batch's gradient of parameter ${i}, against its samples' sum`),
  );

  checkGradients(layer, x, { seed, tolerance });
  checkGradients(layer, toBatch(xs), { seed, tolerance });

  const json = JSON.stringify(layer.toJSON());
  let copy: Layer;
  try {
    copy = layerFromJSON(JSON.parse(json), 'layers[0]');
  } catch (error) {
    // a type not registered, or a toJSON that its fromJSON cannot read
    throw new Error(`${layer}: layerFromJSON(toJSON()) fails: ${(error as Error).message}`);
  }
  need(copy.constructor === layer.constructor, `${layer}: fromJSON(toJSON()) gives a ${copy.constructor.name}`);
  need(JSON.stringify(copy.toJSON()) === json, `${layer}: fromJSON(toJSON()).toJSON() differs from toJSON()`);
  need(copy.toString() === layer.toString(), `${layer}: fromJSON(toJSON()) prints as ${copy}`);
}

/**
 * The registered layer types (`layerTypes()`, or the `types` given) that none of `tested` is: a
 * test that runs `checkLayerContract` over its examples asserts this is empty, so that a layer
 * registered without an example fails it.
 */
export function untestedLayerTypes(tested: Iterable<Layer>, types: readonly string[] = layerTypes()): string[] {
  const covered = new Set<string>();
  for (const layer of tested) covered.add(layer.toJSON().type);
  return types.filter((type) => !covered.has(type));
}

function need(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

function sameShapes(actual: readonly number[], expected: readonly number[], what: string): void {
  need(sameShape(actual, expected), `${what}: shape ${formatShape(actual)}, expected ${formatShape(expected)}`);
}

/** Equal shapes and every number within 5e-13 (as vitest's `toBeCloseTo(…, 12)`). */
function close(actual: Tensor, expected: Tensor, what: string): void {
  sameShapes(actual.shape, expected.shape, what);
  actual.data.forEach((v, i) => {
    const e = expected.data[i] as number;
    need(Math.abs(v - e) < 5e-13 || v === e, `${what}: element ${i} is ${v} against ${e}`);
  });
}
