/**
 * One input column of a `Preprocessor`: its missing values, then its scaler (numbers) or encoder
 * (categories), learnt from the training rows; it writes its numbers into each sample.
 */
import { InvalidOptionError } from '@nn/tensor';
import { plural, showValue, strategyName } from './check';
import type { ColumnOptions } from './column-options';
import { DataError, DataFormatError, describeValue } from './errors';
import { Imputer } from './imputer';
import { JsonFields } from './json-fields';
import { LabelEncoder } from './label-encoder';
import { MinMaxScaler } from './min-max-scaler';
import { OneHotEncoder } from './one-hot-encoder';
import { Standardizer } from './standardizer';
import type { ColumnType, Value } from './table';

/** A number column's scaler, or none. */
export type Scaler = Standardizer | MinMaxScaler;
/** A category column's encoder. */
export type Encoder = OneHotEncoder | LabelEncoder;

/** Reads a scaler's JSON (by its `type`). */
export function scalerFromJSON(json: unknown, path: string): Scaler {
  const type = typeOf(json, path, ['Standardizer', 'MinMaxScaler']);
  return type === 'MinMaxScaler' ? MinMaxScaler.fromJSON(json, path) : Standardizer.fromJSON(json, path);
}

/** Reads an encoder's JSON (by its `type`). */
export function encoderFromJSON(json: unknown, path: string): Encoder {
  const type = typeOf(json, path, ['OneHotEncoder', 'LabelEncoder']);
  return type === 'LabelEncoder' ? LabelEncoder.fromJSON(json, path) : OneHotEncoder.fromJSON(json, path);
}

/** The `type` field of an object, one of `types`. @throws DataFormatError naming the path. */
function typeOf(json: unknown, path: string, types: readonly string[]): string {
  const type = (json as { type?: unknown } | null)?.type;
  if (typeof json === 'object' && json !== null && !types.includes(type as string)) {
    const expected = types.map((t) => JSON.stringify(t)).join(' or ');
    throw new DataFormatError(`${path}.type`, `expected ${expected}, got ${describeValue(type)}`);
  }
  return type as string;
}

/** The scaler `scale` asks for, learnt from `values` (none for `none`). */
export function fitScaler(values: readonly number[], scale: ColumnOptions['scale'] = 'standardize'): Scaler | null {
  if (scale === 'none') return null;
  return scale === 'minMax' ? MinMaxScaler.fit(values) : Standardizer.fit(values);
}

export class Feature {
  constructor(
    /** The column's name. */
    readonly name: string,
    /** Its type. */
    readonly type: ColumnType,
    /** What its missing values become: filled by an `Imputer`, or the row dropped, or an error. */
    readonly missing: Imputer | 'drop' | 'error',
    /** A number column's scaler (or null: as it is); a category column's encoder. */
    readonly step: Scaler | Encoder | null,
    /** How many values were missing in the training rows. */
    readonly missingInTraining: number,
  ) {}

  /** Learns a column from its values in the training rows (`present` of them not missing). */
  static fit(name: string, type: ColumnType, values: readonly Value[], options: ColumnOptions): Feature {
    const where = `Preprocessor: columns.${name}`;
    const present = values.filter((v) => v !== null);
    if (present.length === 0) {
      throw new DataError(`${where}: no values to learn from (all ${values.length} missing in the training rows)`);
    }
    const strategy = options.missing ?? (type === 'number' ? 'mean' : 'mostFrequent');
    if (type === 'category' && (strategy === 'mean' || strategy === 'median')) {
      throw new InvalidOptionError(
        `${where}.missing: ${name} holds categories, which have no ${strategy}; use 'mostFrequent'`,
      );
    }
    if (type === 'number' && options.encode !== undefined) {
      throw new InvalidOptionError(
        `${where}.encode: ${name} holds numbers; read it as categories (types: { ${JSON.stringify(name)}: 'category' }) to encode it`,
      );
    }
    if (type === 'category' && options.scale !== undefined) {
      throw new InvalidOptionError(`${where}.scale: ${name} holds categories, which are encoded (encode), not scaled`);
    }
    if (options.unknown !== undefined && (type === 'number' || options.encode === 'label')) {
      throw new InvalidOptionError(
        `${where}.unknown: applies to one-hot categories only (${type === 'number' ? `${name} holds numbers` : 'a label-encoded category not seen in training is always an error'})`,
      );
    }
    const missing = strategy === 'drop' || strategy === 'error' ? strategy : Imputer.fit(present, { strategy });
    const step =
      type === 'number'
        ? fitScaler(present as number[], options.scale)
        : options.encode === 'label'
          ? LabelEncoder.fit(present as string[])
          : OneHotEncoder.fit(present as string[], { unknown: options.unknown ?? 'zeros' });
    return new Feature(name, type, missing, step, values.length - present.length);
  }

  /** How many numbers the column gives each sample: K for one-hot, else 1. */
  get size(): number {
    return this.step instanceof OneHotEncoder ? this.step.categories.length : 1;
  }

  /** The names of those numbers: `Island=Biscoe`, … for one-hot, else the column's name. */
  get inputNames(): string[] {
    return this.step instanceof OneHotEncoder ? this.step.categories.map((c) => `${this.name}=${c}`) : [this.name];
  }

  /**
   * Writes the numbers of `value` (not missing: filled first) at `out[offset …]`; returns false
   * for a category that was not learnt (written as zeros).
   */
  encode(value: number | string, out: Float64Array, offset: number): boolean {
    const step = this.step;
    if (step === null) out[offset] = value as number;
    else if (step instanceof OneHotEncoder) {
      const k = step.indexOf(value as string);
      if (k < 0) return false;
      out[offset + k] = 1; // eₖ
    } else if (step instanceof LabelEncoder) {
      const k = step.indexOf(value as string);
      if (k < 0) return false;
      out[offset] = k;
    } else out[offset] = step.transform([value as number])[0] as number;
    return true;
  }

  /** One line: `Sex: category, 11 missing → most frequent "MALE", one-hot (FEMALE, MALE)`. */
  describe(): string {
    const parts = [`${this.name}: ${this.type}`];
    if (this.missingInTraining > 0 || this.missing === 'drop' || this.missing === 'error') {
      const what =
        this.missing instanceof Imputer
          ? `filled with ${strategyName(this.missing.strategy)} ${showValue(this.missing.value)}`
          : this.missing === 'drop'
            ? 'row dropped'
            : 'refused';
      parts.push(`${plural(this.missingInTraining, 'missing value')} in training (missing → ${what})`);
    }
    const step = this.step;
    if (step === null) parts.push('as it is');
    else if (step instanceof OneHotEncoder)
      parts.push(`one-hot over ${step.categories.join(', ')} (unknown → ${step.unknown})`);
    else parts.push(String(step));
    return parts.join(', ');
  }

  /** The column as JSON. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      type: this.type,
      missing: this.missing instanceof Imputer ? this.missing.toJSON() : this.missing,
      missingInTraining: this.missingInTraining,
      step: this.step === null ? null : this.step.toJSON(),
    };
  }

  /** Reads `toJSON`'s object back. @throws DataFormatError naming the JSON path. */
  static fromJSON(json: unknown, path: string): Feature {
    const f = new JsonFields(json, path);
    const name = f.string('name');
    const type = f.oneOf('type', ['number', 'category'] as const);
    const missing = f.nested('missing', (m, at) => (m === 'drop' || m === 'error' ? m : Imputer.fromJSON(m, at)));
    const missingInTraining = f.number('missingInTraining');
    const step = f.nested('step', (s, at) => {
      if (s === null) {
        if (type === 'category') throw new DataFormatError(at, 'a category column needs an encoder, got null');
        return null;
      }
      return type === 'number' ? scalerFromJSON(s, at) : encoderFromJSON(s, at);
    });
    f.end();
    if (missing instanceof Imputer && typeof missing.value !== (type === 'number' ? 'number' : 'string')) {
      throw new DataFormatError(
        `${path}.missing.value`,
        `expected a ${type === 'number' ? 'number' : 'string'} for a ${type} column`,
      );
    }
    if (!Number.isInteger(missingInTraining) || missingInTraining < 0)
      throw f.error('missingInTraining', `expected an integer ≥ 0, got ${missingInTraining}`);
    return new Feature(name, type, missing, step, missingInTraining);
  }
}
