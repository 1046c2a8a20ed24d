import {
  Activation,
  Dense,
  Dropout,
  Elu,
  Flatten,
  type Layer,
  LeakyReLU,
  Linear,
  ReLU,
  Reshape,
  Sigmoid,
  Softmax,
  Tanh,
} from '@nn/layers';

/** What the compiled path does with one layer type: one row of `COMPILED_LAYERS`. */
export interface CompiledLayer {
  /** The class itself: a subclass of your own (which may compute anything) is not this type. */
  readonly layer: abstract new (
    ...args: never[]
  ) => Layer;
  /**
   * How a `Plan` (`compile`, and `predict`/`fit` with `compile` on) runs it: `'dense'`,
   * Y = W·X + B; `'activation'`, Y = f(X) element by element. Absent: the network runs layer by layer.
   */
  readonly plan?: 'dense' | 'activation';
  /**
   * True when its f and f′ are pure functions of their arguments, which the generated passes of a
   * small network may call in their own order (column by column, where the layers go row by row).
   */
  readonly fused?: boolean;
  /**
   * How `toSource` writes it: `'dense'`, `'softmax'`, `'identity'` (Y = X at inference), or f as
   * JavaScript of the number `v` (the layer's own formula, term for term). Absent: `toSource` refuses it.
   */
  readonly source?: 'dense' | 'softmax' | 'identity' | ((layer: { alpha?: number }) => string);
}

/**
 * The one table of the fast path, keyed by the name each layer type is registered under: what a
 * `Plan` runs, what its generated passes write out, what `toSource` writes. A layer type that is
 * not here runs layer by layer, through its own `forward` and `backward`. Besides these rows, a
 * `Plan` runs any `Activation(f, f′)` of your own (layer by layer inside the plan, with your f and f′)
 * as long as it keeps `Activation`'s `forward` and `backward`.
 */
export const COMPILED_LAYERS: Readonly<Record<string, CompiledLayer>> = {
  Dense: { layer: Dense, plan: 'dense', source: 'dense' },
  Tanh: { layer: Tanh, plan: 'activation', fused: true, source: () => 'tanh(v)' }, // the layer's own tanh
  Sigmoid: { layer: Sigmoid, plan: 'activation', fused: true, source: () => '1 / (1 + Math.exp(-v))' },
  ReLU: { layer: ReLU, plan: 'activation', fused: true, source: () => 'Math.max(v, 0)' },
  LeakyReLU: {
    layer: LeakyReLU,
    plan: 'activation',
    fused: true,
    source: ({ alpha }) => `v > 0 ? v : ${literal(alpha as number)} * v`,
  },
  Elu: {
    layer: Elu,
    plan: 'activation',
    fused: true,
    source: ({ alpha }) => `v > 0 ? v : ${literal(alpha as number)} * Math.expm1(v)`,
  },
  Linear: { layer: Linear, plan: 'activation', fused: true, source: () => 'v' },
  Softmax: { layer: Softmax, source: 'softmax' },
  Flatten: { layer: Flatten, source: 'identity' },
  Reshape: { layer: Reshape, source: 'identity' },
  Dropout: { layer: Dropout, source: 'identity' },
};

const byClass = new Map<unknown, CompiledLayer>(Object.values(COMPILED_LAYERS).map((row) => [row.layer, row]));

/** The row of `layer`'s own class (not of a class it extends), or undefined. */
export function compiledLayer(layer: Layer): CompiledLayer | undefined {
  return byClass.get(layer.constructor);
}

/**
 * How a `Plan` runs `layer`, or null when it does not: a `Dense` or an `Activation` computing with
 * the classes' own `forward` and `backward` (an activation of your own included: see `COMPILED_LAYERS`).
 */
export function planKind(layer: Layer): 'dense' | 'activation' | null {
  if (layer instanceof Dense) {
    const own = layer.forward === Dense.prototype.forward && layer.backward === Dense.prototype.backward;
    return own ? 'dense' : null;
  }
  return layer instanceof Activation &&
    layer.forward === Activation.prototype.forward &&
    layer.backward === Activation.prototype.backward &&
    typeof layer.activation === 'function' &&
    typeof layer.activationPrime === 'function'
    ? 'activation'
    : null;
}

/** A number as JavaScript that reads back to the same double (−0 included). */
export function literal(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}
