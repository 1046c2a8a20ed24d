import { plural } from './check';
import { DataFormatError, describeValue } from './errors';

/**
 * Reads the fields of one JSON object for a `fromJSON`, checking each as it goes: every error is a
 * `DataFormatError` naming the field's JSON path and what was expected; `end()` refuses a field
 * that no reader asked for, so a typo never passes silently.
 */
export class JsonFields {
  private readonly read = new Set<string>();
  private readonly json: Readonly<Record<string, unknown>>;

  constructor(
    json: unknown,
    /** The JSON path of the object, such as `preprocessor.features[2]`. */
    readonly path: string,
    /** The value its `type` field must have, when it has one. */
    type?: string,
  ) {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new DataFormatError(path, `expected an object, got ${describeValue(json)}`);
    }
    this.json = json as Record<string, unknown>;
    if (type !== undefined) this.oneOf('type', [type]);
  }

  /** Whether the object has the field `name`. */
  has(name: string): boolean {
    return Object.hasOwn(this.json, name);
  }

  /** A finite number. */
  number(name: string): number {
    return this.check(name, (v) => typeof v === 'number' && Number.isFinite(v), 'a finite number') as number;
  }

  /** A string. */
  string(name: string): string {
    return this.check(name, (v) => typeof v === 'string', 'a string') as string;
  }

  /** One of the strings `allowed`. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const expected = allowed.map((a) => JSON.stringify(a)).join(' or ');
    return this.check(name, (v) => allowed.includes(v as T), expected) as T;
  }

  /** A finite number or a string (a fill value). */
  numberOrString(name: string): number | string {
    const ok = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
    return this.check(name, ok, 'a finite number or a string') as number | string;
  }

  /** An array of `length` finite numbers. */
  numbers(name: string, length: number): number[] {
    const ok = (v: unknown) =>
      Array.isArray(v) && v.length === length && [...v].every((x) => typeof x === 'number' && Number.isFinite(x));
    return [...(this.check(name, ok, `an array of ${length} finite numbers`) as number[])];
  }

  /** An array of distinct strings, at least `min` of them. */
  strings(name: string, min: number): string[] {
    const value = this.check(name, Array.isArray, `an array of at least ${plural(min, 'string')}`) as unknown[];
    if (value.length < min) {
      throw new DataFormatError(
        `${this.path}.${name}`,
        `expected at least ${plural(min, 'string')}, got ${value.length}`,
      );
    }
    const seen = new Set<string>();
    for (let i = 0; i < value.length; i++) {
      const v = value[i]; // a plain loop: it visits the holes of a sparse array
      const at = `${this.path}.${name}[${i}]`;
      if (typeof v !== 'string') throw new DataFormatError(at, `expected a string, got ${describeValue(v)}`);
      if (seen.has(v)) throw new DataFormatError(at, `${describeValue(v)} appears twice`);
      seen.add(v);
    }
    return value as string[];
  }

  /** An array of objects, each handed to `read` with its JSON path. */
  objects<T>(name: string, read: (json: unknown, path: string) => T): T[] {
    const value = this.check(name, Array.isArray, 'an array') as unknown[];
    return Array.from({ length: value.length }, (_, i) => read(value[i], `${this.path}.${name}[${i}]`));
  }

  /** A field read by `read` (an object of its own), with its JSON path. */
  nested<T>(name: string, read: (json: unknown, path: string) => T): T {
    return read(this.field(name), `${this.path}.${name}`);
  }

  /** An error about the field `name` (for a check that needs more than one field). */
  error(name: string, problem: string): DataFormatError {
    return new DataFormatError(`${this.path}.${name}`, problem);
  }

  /** Refuses any field that no reader asked for. Call it last. */
  end(): void {
    for (const name of Object.keys(this.json)) {
      if (!this.read.has(name)) {
        throw new DataFormatError(`${this.path}.${name}`, `unknown field, expected only ${[...this.read].join(', ')}`);
      }
    }
  }

  private field(name: string): unknown {
    this.read.add(name);
    if (!Object.hasOwn(this.json, name)) throw new DataFormatError(this.path, `missing field "${name}"`);
    return this.json[name];
  }

  private check(name: string, ok: (value: unknown) => boolean, expected: string): unknown {
    const value = this.field(name);
    if (!ok(value))
      throw new DataFormatError(`${this.path}.${name}`, `expected ${expected}, got ${describeValue(value)}`);
    return value;
  }
}
