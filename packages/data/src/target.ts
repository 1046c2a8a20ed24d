/**
 * The column a `Preprocessor` predicts: classes (one-hot or label encoded) or a number (scaled,
 * with the inverse to give predictions back in the column's unit).
 */
import { plural } from './check';
import type { ColumnOptions } from './column-options';
import { DataFormatError } from './errors';
import { encoderFromJSON, type Encoder, fitScaler, type Scaler, scalerFromJSON } from './feature';
import { JsonFields } from './json-fields';
import { LabelEncoder } from './label-encoder';
import { OneHotEncoder } from './one-hot-encoder';

/** What is predicted: a class (`classification`) or a number (`regression`). */
export type Task = 'classification' | 'regression';

/** One prediction, decoded. */
export interface Prediction {
  /** The class's name (classification), or the number in the target column's unit (regression). */
  value: string | number;
  /**
   * Each class's probability, in the order of `classes`, when the network's output is one: a
   * column of probabilities (one-hot: numbers in [0, 1] that sum to 1 — apply `softmax` from
   * `@nn/layers` to scores first), or for two label-encoded classes one number p in [0, 1] (a
   * `Sigmoid` output), the probability of the second class.
   */
  probabilities?: number[];
}

export class Target {
  constructor(
    /** The column's name. */
    readonly name: string,
    /** Classes or a number. */
    readonly task: Task,
    /** Classification: the encoder of the classes; regression: the scaler, or null. */
    readonly step: Encoder | Scaler | null,
  ) {}

  /** Learns the target from its training values (none missing: those rows are dropped first). */
  static fit(name: string, task: Task, values: readonly (number | string)[], options: ColumnOptions): Target {
    if (task === 'regression') return new Target(name, task, fitScaler(values as number[], options.scale));
    const classes = values.map(String);
    return new Target(
      name,
      task,
      options.encode === 'label' ? LabelEncoder.fit(classes) : OneHotEncoder.fit(classes, { unknown: 'error' }),
    );
  }

  /** The class names (classification), in the order of the outputs. */
  get classes(): readonly string[] | undefined {
    return this.step instanceof OneHotEncoder || this.step instanceof LabelEncoder ? this.step.categories : undefined;
  }

  /** The number of outputs: one per class for one-hot, else 1. */
  get size(): number {
    return this.step instanceof OneHotEncoder ? this.step.categories.length : 1;
  }

  /** The names of the outputs: the classes (one-hot), or the column's name. */
  get outputNames(): string[] {
    return this.step instanceof OneHotEncoder ? [...this.step.categories] : [this.name];
  }

  /** The index of a class, or −1 when it was not learnt (regression: 0). */
  classIndex(value: number | string): number {
    const step = this.step;
    return step instanceof OneHotEncoder || step instanceof LabelEncoder ? step.indexOf(String(value)) : 0;
  }

  /** Writes the numbers of a target value at `out[0 …]` (a known class: see `classIndex`). */
  encode(value: number | string, out: Float64Array): void {
    const step = this.step;
    if (step instanceof OneHotEncoder)
      out[step.indexOf(String(value))] = 1; // eₖ
    else if (step instanceof LabelEncoder)
      out[0] = step.indexOf(String(value)); // k
    else out[0] = step === null ? (value as number) : (step.transform([value as number])[0] as number);
  }

  /** One output column (its `size` numbers) back to a prediction. */
  decode(column: readonly number[]): Prediction {
    const step = this.step;
    if (step instanceof OneHotEncoder) {
      const value = step.inverseTransform([column])[0] as string;
      const sum = column.reduce((a, p) => a + p, 0);
      const isDistribution = column.every((p) => p >= 0 && p <= 1) && Math.abs(sum - 1) < 1e-6;
      return isDistribution ? { value, probabilities: [...column] } : { value };
    }
    const y = column[0] as number;
    if (step instanceof LabelEncoder) {
      const value = step.inverseTransform([y])[0] as string;
      return step.categories.length === 2 && y >= 0 && y <= 1 ? { value, probabilities: [1 - y, y] } : { value };
    }
    return { value: step === null ? y : (step.inverseTransform([y])[0] as number) };
  }

  /** One line: `Species: target, 3 classes (Adelie, Chinstrap, Gentoo), one-hot`. */
  describe(): string {
    const step = this.step;
    if (step instanceof OneHotEncoder || step instanceof LabelEncoder) {
      const how = step instanceof OneHotEncoder ? 'one-hot' : 'label-encoded (0 … K − 1)';
      return `${this.name}: target, ${plural(step.categories.length, 'class', 'classes')} (${step.categories.join(', ')}), ${how}`;
    }
    const how = step === null ? 'as it is' : `${step}, predictions turned back into its unit`;
    return `${this.name}: target, a number, ${how}`;
  }

  /** The target as JSON. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, task: this.task, step: this.step === null ? null : this.step.toJSON() };
  }

  /** Reads `toJSON`'s object back. @throws DataFormatError naming the JSON path. */
  static fromJSON(json: unknown, path: string): Target {
    const f = new JsonFields(json, path);
    const name = f.string('name');
    const task = f.oneOf('task', ['classification', 'regression'] as const);
    const step = f.nested('step', (s, at) => {
      if (s === null) {
        if (task === 'classification') throw new DataFormatError(at, 'classes need an encoder, got null');
        return null;
      }
      return task === 'regression' ? scalerFromJSON(s, at) : encoderFromJSON(s, at);
    });
    f.end();
    return new Target(name, task, step);
  }
}
