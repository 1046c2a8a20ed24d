import { InvalidOptionError } from '@nn/tensor';
import { Activation, registerActivation } from './activation';
import type { LayerJson } from './layer';
import { LayerFields } from './layer-json';

/**
 * Exponential linear unit: f(x) = x for x > 0, else α·(eˣ − 1); f'(x) = 1 for x > 0, else α·eˣ,
 * taken from the output as y + α (since y = α·eˣ − α there). Smooth at 0 when α = 1, and its
 * negative outputs push the mean activation towards 0.
 */
export class Elu extends Activation {
  /** @param alpha α, the value f tends to (as −α) for very negative inputs; 1 by default. */
  constructor(readonly alpha = 1) {
    if (typeof alpha !== 'number' || !(Number.isFinite(alpha) && alpha > 0)) {
      throw new InvalidOptionError(`Elu: alpha must be a positive finite number, got ${String(alpha)}`);
    }
    super(
      (x) => (x > 0 ? x : alpha * Math.expm1(x)),
      (x, y) => (x > 0 ? 1 : y + alpha),
      `Elu(${alpha})`,
      { f: `x if x > 0, else ${alpha}·(eˣ − 1)`, fPrime: `1 if x > 0, else ${alpha}·eˣ` },
    );
  }

  override toJSON(): LayerJson {
    return { type: 'Elu', alpha: this.alpha };
  }

  /** Rebuilds an Elu from its `toJSON`, checking its field (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): Elu {
    const f = new LayerFields(json, path);
    const alpha = f.number('alpha');
    f.end();
    return new Elu(alpha);
  }
}

registerActivation('elu', () => new Elu(), Elu.fromJSON);
