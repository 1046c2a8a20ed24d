import { InvalidOptionError } from '@nn/tensor';
import { Activation } from './activation';
import type { LayerJson } from './layer';

/** Leaky ReLU: f(x) = x for x > 0, else α·x; f'(x) = 1 for x > 0, else α. */
export class LeakyReLU extends Activation {
  /** @param alpha the slope α for negative inputs, 0.01 by default. */
  constructor(readonly alpha = 0.01) {
    if (!Number.isFinite(alpha)) throw new InvalidOptionError(`LeakyReLU: alpha must be a finite number, got ${alpha}`);
    super(
      (x) => (x > 0 ? x : alpha * x),
      (x) => (x > 0 ? 1 : alpha),
      `LeakyReLU(${alpha})`,
    );
  }

  override toJSON(): LayerJson {
    return { type: 'LeakyReLU', alpha: this.alpha };
  }
}
