import { layersOf, type Network, type Parameter } from '@nn/layers';
import { InvalidOptionError, type Tensor, type TensorData } from '@nn/tensor';

/**
 * An optimizer turns the gradients a `backward` pass left in each layer's `parameters()` into
 * an update of the parameters. `fit` with an optimizer runs `backward(outputGradient, 0)` (which
 * computes gradients only) and then `step` once per batch. Make one by name with `createOptimizer`.
 */
export interface Optimizer {
  /** Updates every parameter in place from its gradient, with learning rate α. */
  step(parameters: readonly Parameter[], learningRate: number): void;
  /** `Adam(β1=0.9, β2=0.999)`: the optimizer and its settings. */
  toString(): string;
}

/** Every trainable parameter of a network, layer by layer. */
export function parametersOf(network: Network): Parameter[] {
  const parameters: Parameter[] = [];
  for (const layer of layersOf(network)) for (const parameter of layer.parameters()) parameters.push(parameter);
  return parameters;
}

/** The notes' gradient descent, the default: P ← P − α·dE/dP. */
export class Sgd implements Optimizer {
  step(parameters: readonly Parameter[], learningRate: number): void {
    for (const { value, gradient } of parameters) {
      const p = value.data;
      const g = gradient.data;
      // P ← P − α·dE/dP
      for (let i = 0; i < p.length; i++) p[i] -= learningRate * (g[i] as number);
    }
  }

  toString(): string {
    return 'Sgd';
  }
}

/** Per-parameter buffers of an optimizer, created on first use, keyed by the parameter tensor. */
class Slots {
  private readonly slots = new WeakMap<Tensor, Float64Array[]>();
  constructor(private readonly count: number) {}

  of(value: Tensor): Float64Array[] {
    let s = this.slots.get(value);
    if (s === undefined) {
      s = Array.from({ length: this.count }, () => new Float64Array(value.size));
      this.slots.set(value, s);
    }
    return s;
  }
}

function checkRange(where: string, name: string, value: number, low: number, high: number): void {
  if (typeof value !== 'number' || !(value >= low && value < high)) {
    throw new InvalidOptionError(`${where}: ${name} must be in [${low}, ${high}), got ${value}`);
  }
}

/**
 * Gradient descent with momentum: a velocity V accumulates past gradients,
 *
 *   V ← μ·V + dE/dP,   P ← P − α·V
 *
 * so steps grow along directions the gradient keeps pointing to. μ = 0 is plain `Sgd`.
 */
export class Momentum implements Optimizer {
  /** μ, the fraction of the last velocity kept, in [0, 1). */
  readonly momentum: number;
  private readonly velocity = new Slots(1);

  constructor({ momentum = 0.9 }: { momentum?: number } = {}) {
    checkRange('Momentum', 'momentum', momentum, 0, 1);
    this.momentum = momentum;
  }

  step(parameters: readonly Parameter[], learningRate: number): void {
    for (const { value, gradient } of parameters) {
      const [v] = this.velocity.of(value) as [Float64Array];
      momentumStep(value.data, gradient.data, v, this.momentum, learningRate);
    }
  }

  toString(): string {
    return `Momentum(μ=${this.momentum})`;
  }
}

/**
 * V ← μ·V + G, then P ← P − α·V, element by element: `Momentum`'s step on one parameter P, its
 * gradient G and its velocity V. Four elements per turn of the loop, each computed exactly as the
 * one-at-a-time tail computes it: V8 ran the loop one element per turn at about 7 ns per element
 * here, and four per turn at 4.5 (docs/performance.md), the optimizer being a third of an MNIST
 * MLP epoch. Internal: exported for its test against the plain loop.
 */
export function momentumStep(p: TensorData, g: TensorData, v: Float64Array, mu: number, learningRate: number): void {
  // one bound for the three arrays, so that the compiled loop checks none of them per element
  const n = Math.min(p.length, g.length, v.length);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    // V ← μ·V + G
    const v0 = mu * (v[i] as number) + (g[i] as number);
    const v1 = mu * (v[i + 1] as number) + (g[i + 1] as number);
    const v2 = mu * (v[i + 2] as number) + (g[i + 2] as number);
    const v3 = mu * (v[i + 3] as number) + (g[i + 3] as number);
    v[i] = v0;
    v[i + 1] = v1;
    v[i + 2] = v2;
    v[i + 3] = v3;
    // P ← P − α·V
    p[i] = (p[i] as number) - learningRate * v0;
    p[i + 1] = (p[i + 1] as number) - learningRate * v1;
    p[i + 2] = (p[i + 2] as number) - learningRate * v2;
    p[i + 3] = (p[i + 3] as number) - learningRate * v3;
  }
  for (; i < n; i++) {
    const velocity = mu * (v[i] as number) + (g[i] as number);
    v[i] = velocity;
    p[i] = (p[i] as number) - learningRate * velocity;
  }
}

/**
 * Adam (Kingma & Ba, 2015): running means of the gradient and of its square, corrected for their
 * start at zero, give each parameter its own step size. At step t (from 1):
 *
 *   M ← β1·M + (1 − β1)·g,    V ← β2·V + (1 − β2)·g²
 *   M̂ = M / (1 − β1ᵗ),        V̂ = V / (1 − β2ᵗ)
 *   P ← P − α·M̂ / (√V̂ + ε)
 */
export class Adam implements Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly moments = new Slots(2);
  private readonly steps = new WeakMap<Tensor, number>();

  constructor({
    beta1 = 0.9,
    beta2 = 0.999,
    epsilon = 1e-8,
  }: { beta1?: number; beta2?: number; epsilon?: number } = {}) {
    checkRange('Adam', 'beta1', beta1, 0, 1);
    checkRange('Adam', 'beta2', beta2, 0, 1);
    if (!(epsilon > 0 && Number.isFinite(epsilon))) {
      throw new InvalidOptionError(`Adam: epsilon must be a positive finite number, got ${epsilon}`);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  step(parameters: readonly Parameter[], learningRate: number): void {
    const { beta1, beta2, epsilon } = this;
    for (const { value, gradient } of parameters) {
      const [m, v] = this.moments.of(value) as [Float64Array, Float64Array];
      const t = (this.steps.get(value) ?? 0) + 1;
      this.steps.set(value, t);
      const correction1 = 1 - beta1 ** t;
      const correction2 = 1 - beta2 ** t;
      const p = value.data;
      const g = gradient.data;
      const [a1, a2] = [1 - beta1, 1 - beta2];
      // one bound for the four arrays, and M and V kept in locals once written: the loop ran twice
      // as fast so (25 → 13 ns per number here), the same numbers
      const n = Math.min(p.length, g.length, m.length, v.length);
      for (let i = 0; i < n; i++) {
        const gi = g[i] as number;
        // M ← β1·M + (1 − β1)·g,  V ← β2·V + (1 − β2)·g²
        const mi = beta1 * (m[i] as number) + a1 * gi;
        const vi = beta2 * (v[i] as number) + a2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        // P ← P − α·M̂ / (√V̂ + ε)
        p[i] = (p[i] as number) - (learningRate * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
      }
      // as the plain loop over P: past a shorter gradient, M, V and P become NaN (undefined·(1 − β1)),
      // so that a gradient of the wrong size shows rather than leaving part of P untrained
      if (g.length < p.length) for (const a of [p, m, v]) a.fill(Number.NaN, g.length);
    }
  }

  toString(): string {
    return `Adam(β1=${this.beta1}, β2=${this.beta2})`;
  }
}

/** The names of the optimizers `createOptimizer` makes: the notes' update, momentum and Adam. */
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam'] as const;
/** `'sgd'`, `'momentum'` or `'adam'`. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** Settings for `createOptimizer`: each optimizer reads its own (see its class) and ignores the others. */
export interface OptimizerSettings {
  /** μ of `Momentum`. */
  momentum?: number;
  /** β1 of `Adam`. */
  beta1?: number;
  /** β2 of `Adam`. */
  beta2?: number;
  /** ε of `Adam`. */
  epsilon?: number;
}

const CATALOG: Record<OptimizerName, new (settings: OptimizerSettings) => Optimizer> = {
  sgd: Sgd,
  momentum: Momentum,
  adam: Adam,
};

/**
 * A new optimizer by name, with its settings left out taking their defaults:
 * `createOptimizer('adam', { beta1: 0.8 })`. `'sgd'` is the notes' update, step for step.
 */
export function createOptimizer(name: OptimizerName, settings: OptimizerSettings | null = {}): Optimizer {
  const Make = Object.hasOwn(CATALOG, name) ? CATALOG[name] : undefined;
  if (!Make) {
    throw new InvalidOptionError(
      `createOptimizer: name must be one of ${OPTIMIZER_NAMES.join(', ')}, got ${JSON.stringify(name)}`,
    );
  }
  if (settings !== null && typeof settings !== 'object') {
    throw new InvalidOptionError(`createOptimizer: settings must be an object, got ${typeof settings}`);
  }
  return new Make(settings ?? {});
}
