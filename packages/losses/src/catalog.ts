/**
 * The losses by name, in one place: what the CLIs, the playground and model files read to turn a
 * name such as `'mse'` into the notes' pair, instead of each keeping its own table.
 */
import { InvalidOptionError } from '@nn/tensor';
import { binaryCrossEntropy, binaryCrossEntropyPrime } from './binary-cross-entropy';
import { categoricalCrossEntropy, categoricalCrossEntropyPrime } from './categorical-cross-entropy';
import type { Loss, LossPrime } from './loss';
import { mse, msePrime } from './mse';
import { softmaxCrossEntropy, softmaxCrossEntropyPrime } from './softmax-cross-entropy';

/** The name of a loss in the catalog: the name of its `loss` function. */
export type LossName = 'mse' | 'binaryCrossEntropy' | 'categoricalCrossEntropy' | 'softmaxCrossEntropy';

/** A loss of the catalog: its name, the notes' pair, and E written in the notes' notation. */
export interface NamedLoss {
  /** The name it is found by, the same as its `loss` function's. */
  readonly name: LossName;
  /** E, from the desired output Ŷ (`yTrue`) and the prediction Y (`yPred`). */
  readonly loss: Loss;
  /** dE/dY, the gradient `backward` starts from (dE/dZ, of the scores, for `softmaxCrossEntropy`). */
  readonly lossPrime: LossPrime;
  /** E in the notes' notation, Y the prediction and Ŷ the desired output: `'E = 1/n · Σ (ŷ − y)²'`. */
  readonly formula: string;
}

/** Every loss of `@nn/losses` by name: `losses.mse.loss` is `mse`, `losses.mse.lossPrime` is `msePrime`. */
export const losses: Readonly<Record<LossName, NamedLoss>> = {
  mse: { name: 'mse', loss: mse, lossPrime: msePrime, formula: 'E = 1/n · Σ (ŷ − y)²' },
  binaryCrossEntropy: {
    name: 'binaryCrossEntropy',
    loss: binaryCrossEntropy,
    lossPrime: binaryCrossEntropyPrime,
    formula: 'E = 1/n · Σ −ŷ·log y − (1 − ŷ)·log(1 − y)',
  },
  categoricalCrossEntropy: {
    name: 'categoricalCrossEntropy',
    loss: categoricalCrossEntropy,
    lossPrime: categoricalCrossEntropyPrime,
    formula: 'E = −1/b · Σ ŷ·log y',
  },
  softmaxCrossEntropy: {
    name: 'softmaxCrossEntropy',
    loss: softmaxCrossEntropy,
    lossPrime: softmaxCrossEntropyPrime,
    formula: 'E = −1/b · Σ ŷ·log y, Y = softmax(Z)',
  },
};

/**
 * The loss called `name` in `losses`.
 * @throws InvalidOptionError (code `NN_INVALID_OPTION`) naming the loss asked for and the known names.
 */
export function lossByName(name: string): NamedLoss {
  if (!Object.hasOwn(losses, name)) {
    throw new InvalidOptionError(
      `lossByName: unknown loss ${JSON.stringify(name)}, expected one of ${Object.keys(losses).join(', ')}`,
    );
  }
  return losses[name as LossName];
}
