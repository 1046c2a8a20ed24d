import { InvalidOptionError, mapInto, reuse, type Tensor, type TensorData } from '@nn/tensor';
import { Layer, type LayerJson } from './layer';
import { describeValue, LayerFields } from './layer-json';
import { type LayerFromJson, layerTypes, registerLayer } from './registry';

/** An activation's f and f′ written out, for a UI or a CLI to print: `{ f: 'tanh(x)', fPrime: '1 − tanh²(x)' }`. */
export interface ActivationFormula {
  readonly f: string;
  readonly fPrime: string;
}

/**
 * An activation's f and f′ over whole arrays, Y = f(X) and dE/dX = dE/dY ⊙ f′(X, Y): loops of the
 * activation's own, in which the JIT compiles its f and f′ in place (one loop shared by every
 * activation calls them number by number, which costs more than f itself).
 */
export interface ActivationLoops {
  forward(X: TensorData, Y: TensorData): void;
  backward(G: TensorData, X: TensorData, Y: TensorData, dX: TensorData): void;
}

/**
 * The notes' activation layer: applies a function f to every input, so the output has the
 * input's shape and each y_i depends on x_i alone:
 *
 *   Y = f(X)
 *   dE/dx_i = Σ_k dE/dy_k · dy_k/dx_i = dE/dy_i · f'(x_i),   that is   dE/dX = dE/dY ⊙ f'(X)
 *
 * It has no parameters, so `backward` ignores the learning rate. Concrete activations
 * (`Tanh`, `Sigmoid`, `ReLU`, …) are small subclasses that pass f and f'. `backward` hands f'
 * the output y = f(x) as well as x, because some derivatives are cheaper from y: tanh'(x) is 1 − y².
 */
export class Activation extends Layer {
  private inputGradient: Tensor | null = null;

  /**
   * @param activation f, applied to each element.
   * @param activationPrime f', its derivative at x (given also y = f(x), which it may use instead).
   * @param name how the layer prints (`Tanh`); `Activation` by default.
   * @param formula f and f' as text, for a UI to show; none for a custom activation unless given.
   * @param loops the same f and f′ in loops of the activation's own, for speed (the built-in
   *   activations give theirs); they must compute what `activation` and `activationPrime` do.
   */
  constructor(
    readonly activation: (x: number) => number,
    readonly activationPrime: (x: number, y: number) => number,
    readonly name = 'Activation',
    readonly formula: ActivationFormula | null = null,
    readonly loops: ActivationLoops | null = null,
  ) {
    super();
    this.looped = [activation, activationPrime];
  }

  /** The f and f′ that `loops` compute. */
  private readonly looped: readonly [unknown, unknown];

  /**
   * `loops`, while `activation` and `activationPrime` are still the f and f′ they were given with;
   * null once either was replaced on the instance (then f and f′ are called number by number).
   */
  ownLoops(): ActivationLoops | null {
    return this.ownFunctions() ? this.loops : null;
  }

  /**
   * True while `activation` and `activationPrime` are the f and f′ the layer was made with; false
   * once either was replaced on the instance (code that writes out a built-in f, or calls f in
   * another order than the layer, then must not).
   */
  ownFunctions(): boolean {
    const [f, fPrime] = this.looped;
    return this.activation === f && this.activationPrime === fPrime;
  }

  override forward(input: Tensor): Tensor {
    this.input = input;
    const output = reuse(this.output, input.shape, input.dtype, input);
    // Y = f(X)
    const loops = this.ownLoops();
    if (loops) loops.forward(input.data, output.data);
    else mapInto(output, input, this.activation);
    this.output = output;
    return output;
  }

  override backward(outputGradient: Tensor, _learningRate: number): Tensor {
    const input = this.lastInput();
    this.checkOutputGradient(outputGradient);
    const inputGradient = (this.inputGradient = reuse(
      this.inputGradient,
      input.shape,
      input.dtype,
      outputGradient,
      input,
    ));
    const [g, x, y, dx, fPrime] = [
      outputGradient.data,
      input.data,
      (this.output as Tensor).data,
      inputGradient.data,
      this.activationPrime,
    ];
    // dE/dX = dE/dY ⊙ f'(X)
    const loops = this.ownLoops();
    if (loops) loops.backward(g, x, y, dx);
    else for (let i = 0; i < x.length; i++) dx[i] = (g[i] as number) * fPrime(x[i] as number, y[i] as number);
    return inputGradient;
  }

  /** An activation takes samples of any shape and keeps it. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  /** `{ type: name }` for the named activations; a custom `Activation` has functions JSON cannot hold. */
  override toJSON(): LayerJson {
    return this.constructor === Activation ? { type: 'Activation', name: this.name } : { type: this.name };
  }

  override toString(): string {
    return this.name;
  }
}

const catalog = new Map<string, () => Activation>();

/**
 * Registers a named activation: by its short `name` in the catalog that CLIs and UIs read
 * (`createActivation('tanh')`), and as the layer type its `toJSON` writes, so that model files
 * hold it. `fromJSON` reads its JSON; by default, a `{ type }` with no other field.
 */
export function registerActivation(name: string, create: () => Activation, fromJSON?: LayerFromJson): void {
  const type = create().toJSON().type;
  catalog.set(name, create);
  // a second name for a type that already reads its own fields (LeakyReLU(0.2)) keeps that reader
  if (fromJSON === undefined && layerTypes().includes(type)) return;
  registerLayer(
    type,
    fromJSON ??
      ((json, path) => {
        new LayerFields(json, path).end();
        return create();
      }),
  );
}

/** The names of the activations in the catalog: `tanh`, `sigmoid`, `relu`, … */
export function activationNames(): string[] {
  return [...catalog.keys()];
}

/** A new activation layer by its catalog name (`'tanh'`). Throws an InvalidOptionError for an unknown name. */
export function createActivation(name: string): Activation {
  const create = typeof name === 'string' ? catalog.get(name) : undefined;
  if (create === undefined) {
    throw new InvalidOptionError(
      `createActivation: unknown activation ${describeValue(name)}, expected one of ${activationNames().join(', ')}`,
    );
  }
  return create();
}
