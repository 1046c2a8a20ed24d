import { InvalidOptionError } from '@nn/tensor';
import { Activation, registerActivation } from './activation';
import type { LayerJson } from './layer';
import { LayerFields } from './layer-json';

/** Leaky ReLU: f(x) = x for x > 0, else α·x; f'(x) = 1 for x > 0, else α. */
export class LeakyReLU extends Activation {
  /** @param alpha the slope α for negative inputs, 0.01 by default. */
  constructor(readonly alpha = 0.01) {
    if (typeof alpha !== 'number' || !Number.isFinite(alpha)) {
      throw new InvalidOptionError(`LeakyReLU: alpha must be a finite number, got ${String(alpha)}`);
    }
    super(
      (x) => (x > 0 ? x : alpha * x),
      (x) => (x > 0 ? 1 : alpha),
      `LeakyReLU(${alpha})`,
      { f: `x if x > 0, else ${alpha}·x`, fPrime: `1 if x > 0, else ${alpha}` },
    );
  }

  override toJSON(): LayerJson {
    return { type: 'LeakyReLU', alpha: this.alpha };
  }

  /** Rebuilds a LeakyReLU from its `toJSON`, checking every field (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): LeakyReLU {
    const f = new LayerFields(json, path);
    const alpha = f.number('alpha');
    f.end();
    return new LeakyReLU(alpha);
  }
}

registerActivation('leakyRelu', () => new LeakyReLU(), LeakyReLU.fromJSON);
