import { InvalidOptionError } from '@nn/tensor';

/**
 * A learning rate that changes with the epoch: `learningRate: stepDecay(0.1, { factor: 0.5, every: 10 })`.
 * `rate(epoch)` is a pure function of the epoch, counted from 0 for the first epoch of a run
 * (`initialEpoch` carries on from where an earlier run stopped), so runs repeat. The `Trainer`
 * reads it at every step, for the notes' update inside `backward` and for an optimizer alike.
 */
export interface Schedule {
  /** α for the epoch `epoch` (0-based): a finite number ≥ 0. */
  rate(epoch: number): number;
  /** `StepDecay(0.1, ×0.5 every 10)`: the schedule and its settings. */
  toString(): string;
}

/** Throws an InvalidOptionError unless `value` is a finite number above `low` (or at it, when `closed`). */
function check(where: string, name: string, value: unknown, low: number, closed = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < low || (!closed && value === low)) {
    throw new InvalidOptionError(
      `${where}: ${name} must be a finite number ${closed ? '≥' : '>'} ${low}, got ${value}`,
    );
  }
  return value;
}

/**
 * Step decay: α₀ multiplied by `factor` every `every` epochs, α(t) = α₀ · factor^⌊t / every⌋.
 * `stepDecay(0.1, { factor: 0.5, every: 10 })` gives 0.1 for epochs 0–9, 0.05 for 10–19, …
 */
export function stepDecay(
  initial: number,
  { factor = 0.5, every = 10 }: { factor?: number; every?: number } = {},
): Schedule {
  check('stepDecay', 'initial', initial, 0);
  check('stepDecay', 'factor', factor, 0);
  if (!Number.isInteger(every) || every < 1) {
    throw new InvalidOptionError(`stepDecay: every must be a positive integer, got ${every}`);
  }
  return {
    rate: (epoch) => initial * factor ** Math.floor(epoch / every), // α₀ · factor^⌊t / every⌋
    toString: () => `StepDecay(${initial}, ×${factor} every ${every})`,
  };
}

/** Exponential decay: α(t) = α₀ · γᵗ; `exponentialDecay(0.1, 0.9)` gives 0.1, 0.09, 0.081, … */
export function exponentialDecay(initial: number, gamma: number): Schedule {
  check('exponentialDecay', 'initial', initial, 0);
  check('exponentialDecay', 'gamma', gamma, 0);
  return {
    rate: (epoch) => initial * gamma ** epoch, // α₀ · γᵗ
    toString: () => `ExponentialDecay(${initial}, γ=${gamma})`,
  };
}

/**
 * Cosine decay from α₀ down to `minimum` over `epochs` epochs, then `minimum`:
 * α(t) = α_min + (α₀ − α_min) · (1 + cos(π · min(t, T) / T)) / 2 (Loshchilov & Hutter's SGDR,
 * without restarts). `cosineDecay(0.1, { epochs: 100 })` gives 0.1 at 0, 0.05 at 50, 0 from 100.
 */
export function cosineDecay(initial: number, { epochs, minimum = 0 }: { epochs: number; minimum?: number }): Schedule {
  check('cosineDecay', 'initial', initial, 0);
  check('cosineDecay', 'minimum', minimum, 0, true);
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new InvalidOptionError(`cosineDecay: epochs must be a positive integer, got ${epochs}`);
  }
  return {
    // α_min + (α₀ − α_min) · (1 + cos(π·t/T)) / 2
    rate: (epoch) => minimum + ((initial - minimum) * (1 + Math.cos((Math.PI * Math.min(epoch, epochs)) / epochs))) / 2,
    toString: () => `CosineDecay(${initial} → ${minimum} over ${epochs})`,
  };
}

/**
 * A linear warm-up of `epochs` epochs before `schedule`: α(t) = α_s(0) · (t + 1) / (w + 1) for
 * t < w, then α_s(t − w). Starting small keeps the first steps (of Adam, say, whose early moments
 * are noisy) from throwing the weights far. `linearWarmup(2, exponentialDecay(0.1, 0.5))` gives
 * 0.0333…, 0.0666…, then 0.1, 0.05, 0.025, …
 */
export function linearWarmup(epochs: number, schedule: Schedule | number): Schedule {
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new InvalidOptionError(`linearWarmup: epochs must be a positive integer, got ${epochs}`);
  }
  const after = toSchedule('linearWarmup', schedule);
  return {
    rate: (epoch) => (epoch < epochs ? (after.rate(0) * (epoch + 1)) / (epochs + 1) : after.rate(epoch - epochs)),
    toString: () => `LinearWarmup(${epochs}, ${after})`,
  };
}

/** A schedule from a fixed rate or a schedule, checked. */
function toSchedule(where: string, value: Schedule | number): Schedule {
  if (typeof value === 'number') {
    check(where, 'learningRate', value, 0);
    return { rate: () => value, toString: () => String(value) };
  }
  if (typeof value?.rate !== 'function') {
    throw new InvalidOptionError(
      `${where}: expected a learning rate or a Schedule ({ rate(epoch) }), got ${typeof value}`,
    );
  }
  return value;
}

/** True when `value` is a Schedule (has a `rate` function). */
export function isSchedule(value: unknown): value is Schedule {
  return typeof value === 'object' && value !== null && typeof (value as Schedule).rate === 'function';
}
