import { type DType, NnError } from '@nn/tensor';

/** A layer as plain JSON: `{ type: 'Dense', inputSize: 2, outputSize: 3, weights: […], bias: […] }`. */
export interface LayerJson {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** A model file or a layer's JSON is not valid; the message names the JSON path. Code `NN_MODEL_FORMAT`. */
export class ModelFormatError extends NnError {
  constructor(
    /** Where in the JSON document the problem is, such as `layers[2].weights`. */
    readonly path: string,
    problem: string,
  ) {
    super('NN_MODEL_FORMAT', `${path}: ${problem}`);
  }
}

/** The largest magnitude a float32 holds; a larger number would load as ±Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Reads the fields of one layer's JSON for its `fromJSON`, checking each as it goes: every error
 * is a `ModelFormatError` naming the field's JSON path (`layers[0].weights[3]`) and what was
 * expected. `end()` refuses any field that was not read, so a typo never passes silently.
 *
 *   const f = new LayerFields(json, path);
 *   const size = f.size('inputSize');
 *   const weights = f.numbers('weights', [j, i], f.dtype());
 *   f.end();
 */
export class LayerFields {
  private readonly read = new Set(['type']);

  constructor(
    private readonly json: LayerJson,
    /** The JSON path of this layer, such as `layers[2]`. */
    readonly path: string,
  ) {}

  /** A positive integer. */
  size(name: string): number {
    return this.check(name, (v) => Number.isInteger(v) && (v as number) >= 1, 'a positive integer') as number;
  }

  /** A finite number. */
  number(name: string): number {
    return this.check(name, (v) => typeof v === 'number' && Number.isFinite(v), 'a finite number') as number;
  }

  /** true or false, such as `returnSequences`. */
  boolean(name: string): boolean {
    return this.check(name, (v) => typeof v === 'boolean', 'true or false') as boolean;
  }

  /** A field's value as it is, unchecked (the reader checks it), such as a wrapped layer's JSON. */
  value(name: string): unknown {
    return this.field(name);
  }

  /** A number in [0, 1), such as a dropout rate. */
  rate(name: string): number {
    return this.check(name, (v) => typeof v === 'number' && v >= 0 && v < 1, 'a number in [0, 1)') as number;
  }

  /** A shape: an array of `length` (any length ≥ 1 when not given) positive integers. */
  shape(name: string, length?: number): number[] {
    const expected =
      length === 3 ? 'a shape [depth, height, width] of positive integers' : 'a shape: an array of positive integers';
    const ok = (v: unknown) =>
      Array.isArray(v) &&
      v.length >= 1 &&
      (length === undefined || v.length === length) &&
      [...v].every((n) => Number.isInteger(n) && n >= 1); // spread: a hole is undefined, not skipped
    return [...(this.check(name, ok, expected) as number[])];
  }

  /** The optional `dtype` field: `float64` when absent (and written only for `float32`). */
  dtype(): DType {
    if (!Object.hasOwn(this.json, 'dtype')) return 'float64';
    return this.check('dtype', (v) => v === 'float32' || v === 'float64', '"float32" or "float64"') as DType;
  }

  /**
   * A parameter: a flat row-major array of `shape`'s size of finite numbers (within float32's
   * range when `dtype` is float32).
   */
  numbers(name: string, shape: readonly number[], dtype: DType = 'float64'): readonly number[] {
    const value = this.field(name);
    const path = `${this.path}.${name}`;
    const n = shape.reduce((a, k) => a * k, 1);
    if (!Array.isArray(value)) {
      throw new ModelFormatError(path, `expected an array of ${shape.join('×')} numbers, got ${describeValue(value)}`);
    }
    if (value.length !== n)
      throw new ModelFormatError(path, `expected ${shape.join('×')} numbers, got ${value.length}`);
    const limit = dtype === 'float32' ? FLOAT32_MAX : Number.MAX_VALUE;
    // a plain loop: it visits the holes of a sparse array, which forEach and every skip
    for (let i = 0; i < n; i++) {
      const v: unknown = value[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ModelFormatError(`${path}[${i}]`, `expected a finite number, got ${describeValue(v)}`);
      }
      if (Math.abs(v) > limit) {
        throw new ModelFormatError(`${path}[${i}]`, `${v} is beyond float32's range (±${FLOAT32_MAX})`);
      }
    }
    return value as number[];
  }

  /** Refuses any field that no reader asked for. Call it last. */
  end(): void {
    for (const name of Object.keys(this.json)) {
      if (!this.read.has(name)) {
        throw new ModelFormatError(`${this.path}.${name}`, `unknown field, expected only ${[...this.read].join(', ')}`);
      }
    }
  }

  private field(name: string): unknown {
    this.read.add(name);
    if (!Object.hasOwn(this.json, name)) throw new ModelFormatError(this.path, `missing field "${name}"`);
    return this.json[name];
  }

  private check(name: string, ok: (value: unknown) => boolean, expected: string): unknown {
    const value = this.field(name);
    if (!ok(value))
      throw new ModelFormatError(`${this.path}.${name}`, `expected ${expected}, got ${describeValue(value)}`);
    return value;
  }
}

/** A value as an error message shows it: short, and safe for any value (cyclic, BigInt, deep). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  switch (typeof value) {
    case 'number':
      return String(value);
    case 'string':
      return JSON.stringify(value.length > 37 ? `${value.slice(0, 37)}…` : value);
    case 'symbol':
      return 'a symbol';
    case 'bigint':
      return `the BigInt ${value}`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}
