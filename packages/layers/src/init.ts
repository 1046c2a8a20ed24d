import { type DType, DTypeError, InvalidOptionError, Rng, Tensor } from '@nn/tensor';

/**
 * How a layer draws its initial weights.
 * - `randn`: standard normal N(0, 1), as the notes' `np.random.randn` (the default).
 * - `xavier`: N(0, 1/fanIn) — keeps tanh and sigmoid out of saturation in wide layers.
 * - `he`: N(0, 2/fanIn) — the same for ReLU.
 */
export type Init = 'randn' | 'xavier' | 'he';

/** Options of a layer with random initial parameters. */
export interface InitOptions {
  /** Where the random numbers come from; defaults to a generator shared by the package, seeded 0. */
  rng?: Rng;
  /** The initial distribution of the weights; `randn` by default, as in the notes. */
  init?: Init;
  /**
   * The element type of the parameters, and so of the inputs the layer takes: `float64` by default
   * (as in the notes), `float32` for speed (half the memory, about twice the matrix product speed).
   */
  dtype?: DType;
}

/** The generator used when a layer is given none: deterministic in creation order. */
export const defaultRng = new Rng(0);

/** Draws a tensor of `shape` with the scheme `init` for a layer with `fanIn` inputs per output. */
export function initialTensor(shape: readonly number[], fanIn: number, options: InitOptions, where: string): Tensor {
  const init = options.init ?? 'randn';
  const dtype = dtypeOf(options, where);
  const t = Tensor.randn(shape, options.rng ?? defaultRng, dtype);
  if (init === 'randn') return t;
  if (init !== 'xavier' && init !== 'he') {
    throw new InvalidOptionError(`${where}: init must be 'randn', 'xavier' or 'he', got ${String(init)}`);
  }
  const std = Math.sqrt((init === 'he' ? 2 : 1) / fanIn);
  for (let i = 0; i < t.data.length; i++) t.data[i] = (t.data[i] as number) * std;
  return t;
}

/** The `dtype` option, checked: `float64` unless `float32` is asked for. */
function dtypeOf(options: InitOptions, where: string): DType {
  const dtype = options.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new InvalidOptionError(`${where}: dtype must be 'float64' or 'float32', got ${String(dtype)}`);
  }
  return dtype;
}

/**
 * The DTypeError of an input whose element type is not `dtype`, that of the layer's parameters.
 * Callers compare dtypes first, so that the message (and `where`) is built only for an error.
 */
export function dtypeMismatch(where: string, input: Tensor, dtype: DType): DTypeError {
  return new DTypeError(
    `${where}: input is ${input.dtype}, expected ${dtype} like the layer's parameters (convert with input.astype('${dtype}'))`,
  );
}
