/**
 * A penalty on the size of each weight w, as the notes give a loss: a function and its derivative.
 * With rate λ, regularization adds λ·Σ R(w) to the error the step descends, so it adds λ·R'(w) to
 * each dE/dw. Like TensorFlow Playground's, it weighs the weights (`weights`, `kernels`) and
 * leaves the biases alone.
 */
export interface Regularizer {
  /** `L1` or `L2`: how error messages and settings name it. */
  readonly name: string;
  /** R(w), this weight's share of the penalty. */
  output(w: number): number;
  /** R'(w), the derivative of the penalty with respect to this weight. */
  der(w: number): number;
}

/** L1: R(w) = |w|, R'(w) = sign(w) (0 at 0). Pulls every weight toward 0 by the same step; many end at 0. */
export const L1: Regularizer = { name: 'L1', output: Math.abs, der: Math.sign };

/** L2: R(w) = w²/2, R'(w) = w (TensorFlow Playground's convention). Shrinks each weight in proportion to it. */
export const L2: Regularizer = { name: 'L2', output: (w) => (w * w) / 2, der: (w) => w };

/** The regularizers by name, for settings that name them. */
export const regularizers = { L1, L2 } as const;
