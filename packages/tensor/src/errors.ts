/**
 * Errors of `nn` carry a stable `code` so callers can branch on the kind of failure,
 * and a message that names the place, what came and what was expected.
 */
export class NnError extends Error {
  /** A stable, machine-readable code such as `NN_SHAPE_MISMATCH`. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A tensor had a shape the operation cannot take. Code `NN_SHAPE_MISMATCH`. */
export class ShapeError extends NnError {
  constructor(message: string) {
    super('NN_SHAPE_MISMATCH', message);
  }
}

/** A tensor's element type (float64 or float32) is not the one expected. Code `NN_DTYPE_MISMATCH`. */
export class DTypeError extends NnError {
  constructor(message: string) {
    super('NN_DTYPE_MISMATCH', message);
  }
}

/** An option or argument was out of its allowed range. Code `NN_INVALID_OPTION`. */
export class InvalidOptionError extends NnError {
  constructor(message: string) {
    super('NN_INVALID_OPTION', message);
  }
}

/** Formats a shape the way error messages show it: `[3, 1]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Throws an InvalidOptionError naming `where` and `name` unless `value` is a positive integer. */
export function assertPositiveInteger(where: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidOptionError(`${where}: ${name} must be a positive integer, got ${value}`);
  }
}
