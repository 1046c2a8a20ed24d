import {
  assertDistinctLayers,
  type Dense,
  describeValue,
  type Layer,
  layersOf,
  type Network,
  Sequential,
  toSequential,
} from '@nn/layers';
import { formatShape, InvalidOptionError, ShapeError, sharesMemory, type Tensor } from '@nn/tensor';
import { Plan } from './plan';
import { planKind } from './support';

/**
 * Which engine runs a network in `predict`, `evaluate`, `fit`, `fitAsync` and a `Trainer`:
 * - `'auto'` (the default): the compiled path when it runs every layer of the network (see
 *   `compile`), the layers' own `forward` and `backward` otherwise;
 * - `true`: the compiled path, or an InvalidOptionError saying which layer it cannot run;
 * - `false`: the layers' own `forward` and `backward`, one by one, as the notes write them.
 *
 * Both give the same numbers, bit for bit (tested). Each call's or result's `engine` names the one used.
 */
export type CompileOption = 'auto' | boolean;

/** The engine that ran: `'compiled'` (a `Plan`) or `'layers'` (each layer's own forward and backward). */
export type Engine = 'compiled' | 'layers';

/**
 * A network whose `forward` and `backward` run as one compiled `Plan`: the same numbers as its
 * layers' own passes, bit for bit, without the checks and calls of each layer (see `compile`).
 * It is a `Sequential` of the same layer objects, which keep their parameters, `input` and
 * `output` as their own passes would; for an input the plan does not take (another shape or
 * dtype), or after a change it cannot follow, the layers run and say what is wrong.
 */
export class CompiledNetwork extends Sequential {
  /** The compiled forward and backward passes. */
  readonly plan: Plan;

  /** @param layers the layers, which `compile` checked the plan runs. */
  constructor(layers: readonly Layer[]) {
    super(layers);
    this.plan = new Plan(this.layers);
  }

  override forward(input: Tensor): Tensor {
    const output = this.plan.forward(input);
    if (output === null) return super.forward(input);
    this.input = (this.layers[0] as Layer).input;
    this.output = output;
    return output;
  }

  override backward(outputGradient: Tensor, learningRate: number, inputGradient = true): Tensor {
    return (
      this.plan.backward(outputGradient, learningRate, inputGradient) ??
      super.backward(outputGradient, learningRate, inputGradient)
    );
  }
}

/**
 * The network compiled: its forward and backward passes as one `Plan` (see `CompiledNetwork`), as
 * `predict` and `fit` run it with `compile: 'auto'` or `true`. The plan runs `Dense` layers and
 * element-wise activations (`Tanh`, `Sigmoid`, `ReLU`, `LeakyReLU`, `Elu`, `Linear`, and
 * `Activation(f, f′)` of your own: the table in `compile/support.ts`); a small
 * network (up to about a thousand weights, the built-in activations) runs as generated functions
 * with every layer fused into one loop. Nested `Sequential`s are read as their layers.
 * @throws InvalidOptionError saying what the plan cannot run (see `whyNotCompiled`).
 */
export function compile(network: Network): CompiledNetwork {
  const reason = whyNotCompiled(network);
  if (reason !== null) throw new InvalidOptionError(`compile: ${reason}`);
  return new CompiledNetwork(flatLayers(network));
}

/** Why `compile` cannot run `network`, in words, or null when it can. */
export function whyNotCompiled(network: Network): string | null {
  const layers = flatLayers(network);
  const k = layers.findIndex((layer) => planKind(layer) === null);
  if (k >= 0)
    return `${layers[k]} is not a layer the compiled path runs (it runs Dense layers and element-wise activations)`;
  const dense = layers.filter((layer): layer is Dense => planKind(layer) === 'dense');
  if (dense.length === 0) return 'the network has no Dense layer';
  const dtype = (dense[0] as Dense).weights.dtype;
  const other = dense.find((layer) => layer.weights.dtype !== dtype);
  if (other !== undefined) return `${other} computes in ${other.weights.dtype}, ${dense[0]} in ${dtype}`;
  try {
    assertDistinctLayers('network', layers);
  } catch (error) {
    return (error as Error).message.slice('network: '.length);
  }
  const parameters = layers.flatMap((layer) => layer.parameters().flatMap((p) => [p.value, p.gradient]));
  if (parameters.some((t, i) => parameters.slice(i + 1).some((u) => sharesMemory(t, u)))) {
    return 'two layers share a parameter tensor (tied weights), which the compiled path would update out of order';
  }
  return null;
}

/** The network's layers with every nested `Sequential` read as its own layers. */
function flatLayers(network: Network): Layer[] {
  return layersOf(network).flatMap((layer) =>
    layer instanceof Sequential && !(layer instanceof CompiledNetwork) ? flatLayers(layer) : [layer],
  );
}

/** The runners made for plain layer arrays, kept while the array lives and holds the same layers. */
const runners = new WeakMap<object, { compile: CompileOption; runner: Sequential; layers: readonly Layer[] }>();

/**
 * The `Sequential` that runs `network` for `compile` (see `CompileOption`): a `CompiledNetwork`
 * or a plain `Sequential` of its layers, made once per array (or Sequential) and kept while it
 * holds the same layers. `where` names the caller in errors.
 */
export function runnerOf(where: string, network: Network, compile: CompileOption = 'auto'): Sequential {
  if (compile !== 'auto' && compile !== true && compile !== false) {
    throw new InvalidOptionError(`${where}: compile must be 'auto', true or false, got ${String(compile)}`);
  }
  if (!(network instanceof Sequential) && !Array.isArray(network)) {
    throw new InvalidOptionError(
      `${where}: network must be an array of layers or a Sequential, got ${describeValue(network)}`,
    );
  }
  if (network instanceof CompiledNetwork && compile !== false) return network;
  const kept = runners.get(network);
  const layers = layersOf(network);
  if (kept !== undefined && kept.compile === compile && sameItems(kept.layers, layers)) return kept.runner;
  let runner: Sequential;
  if (compile === false) {
    runner = network instanceof CompiledNetwork ? new Sequential(network.layers) : toSequential(network);
  } else {
    const reason = whyNotCompiled(network);
    if (reason !== null && compile === true) throw new InvalidOptionError(`${where}: compile is true, but ${reason}`);
    runner = reason === null ? new CompiledNetwork(flatLayers(network)) : toSequential(network);
  }
  // a network whose shapes do not chain may still run (a sample [2, 2] reads as two columns): refused,
  // naming the layer by its place in the network given (a compiled runner's nested ones are flattened)
  try {
    (runner instanceof CompiledNetwork ? toSequential(network) : runner).outputShapes(
      null,
      (l, layer, shape, error) => {
        throw new ChainError(
          `${where}: network[${l}] ${layer} cannot take ${formatShape(shape)} from the layer before: ${error.message}`,
        );
      },
    );
  } catch (error) {
    // a layer of your own whose computeOutputShape throws something else is left to its forward
    if (error instanceof ChainError) throw new ShapeError(error.message);
  }
  runners.set(network, { compile, runner, layers: [...layers] });
  return runner;
}

/** The refusal of a network whose shapes do not chain, told apart from what else a walk may throw. */
class ChainError extends Error {}

/** The engine a runner of `runnerOf` uses. */
export function engineOf(runner: Sequential): Engine {
  return runner instanceof CompiledNetwork ? 'compiled' : 'layers';
}

/** True when both lists hold the same layer objects in the same order (an array may have changed since). */
function sameItems(a: readonly Layer[], b: readonly Layer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
