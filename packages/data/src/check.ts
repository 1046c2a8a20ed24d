import { DataError, describeValue } from './errors';

/** Throws a DataError naming `where` and the index unless `values` is a non-empty array of finite numbers. */
export function assertNumbers(where: string, values: readonly unknown[]): asserts values is readonly number[] {
  assertValues(where, values, (v) => typeof v === 'number' && Number.isFinite(v), 'a finite number');
}

/** Throws a DataError naming `where` and the index unless `values` is a non-empty array of strings. */
export function assertCategories(where: string, values: readonly unknown[]): asserts values is readonly string[] {
  assertValues(where, values, (v) => typeof v === 'string', 'a category (a string)');
}

function assertValues(where: string, values: readonly unknown[], ok: (v: unknown) => boolean, expected: string): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new DataError(`${where}: expected a non-empty array of values, got ${describeValue(values)}`);
  }
  for (let i = 0; i < values.length; i++) {
    if (!ok(values[i])) {
      throw new DataError(`${where}: values[${i}] is ${describeValue(values[i])}, expected ${expected}`);
    }
  }
}

/**
 * The order categories are listed in (one-hot positions, label numbers): by numeric value when both
 * are numbers in decimal form (`'3' < '10'`), else by UTF-16 code units — the same on every engine.
 */
export function compareCategories(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The distinct values, in `compareCategories` order. */
export function sortedCategories(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareCategories);
}

/**
 * The value of `record`'s own field `key`, or undefined: never one that every object inherits
 * (`constructor`, `toString`, `__proto__`), whatever the key — column names and categories are
 * user text.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && record !== null && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * An empty object to key by user text (column names, categories): it has no prototype, so
 * `__proto__` or `constructor` is a key like any other and writing one never reaches
 * `Object.prototype`. It reads, spreads and turns into JSON as a plain object does.
 */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `1 thing`, `2 things` (or the plural given). */
export function plural(n: number, thing: string, things = `${thing}s`): string {
  return `${n} ${n === 1 ? thing : things}`;
}

/** A number as descriptions show it: 4 significant digits (`43.92`). */
export function round(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/** How descriptions name a fill strategy: `the mean`, `the most frequent value`. */
export function strategyName(strategy: string): string {
  return strategy === 'mostFrequent' ? 'the most frequent value' : `the ${strategy}`;
}

/** A fill value as descriptions show it: a rounded number, or a quoted category. */
export function showValue(value: number | string): string {
  return typeof value === 'number' ? round(value) : JSON.stringify(value);
}
