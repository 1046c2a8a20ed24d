import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, dot, subtract, sum, sumColumns, Tensor, transpose } from '@nn/tensor';

/** A random matrix of the given shape with entries in [-100, 100]. */
const matrix = (rows: number, cols: number) =>
  fc
    .array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: rows * cols, maxLength: rows * cols })
    .map((values) => new Tensor([rows, cols], Float64Array.from(values)));
const dims = fc.integer({ min: 1, max: 7 });
const close = (a: Tensor, b: Tensor, tolerance = 1e-9) => {
  expect(a.shape).toEqual(b.shape);
  a.data.forEach((v, i) => expect(Math.abs(v - b.data[i]!)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(v))));
};

describe('tensor laws (property tests)', () => {
  it('(AB)ᵀ = BᵀAᵀ', () => {
    fc.assert(
      fc.property(
        fc.tuple(dims, dims, dims).chain(([m, k, n]) => fc.tuple(matrix(m, k), matrix(k, n))),
        ([A, B]) => {
          close(transpose(dot(A, B)), dot(transpose(B), transpose(A)));
        },
      ),
    );
  });

  it('A + B − B ≈ A', () => {
    fc.assert(
      fc.property(
        fc.tuple(dims, dims).chain(([m, n]) => fc.tuple(matrix(m, n), matrix(m, n))),
        ([A, B]) => {
          close(subtract(add(A, B), B), A, 1e-12);
        },
      ),
    );
  });

  it('A(B + C) ≈ AB + AC', () => {
    fc.assert(
      fc.property(
        fc.tuple(dims, dims, dims).chain(([m, k, n]) => fc.tuple(matrix(m, k), matrix(k, n), matrix(k, n))),
        ([A, B, C]) => {
          close(dot(A, add(B, C)), add(dot(A, B), dot(A, C)), 1e-9);
        },
      ),
    );
  });

  it('(Aᵀ)ᵀ = A exactly, and sumColumns adds up to sum', () => {
    fc.assert(
      fc.property(
        fc.tuple(dims, dims).chain(([m, n]) => matrix(m, n)),
        (A) => {
          expect(transpose(transpose(A)).data).toEqual(A.data);
          expect(sum(sumColumns(A))).toBeCloseTo(sum(A), 8);
        },
      ),
    );
  });
});
