import { describe, expect, it } from 'vitest';
import {
  add,
  DTypeError,
  dot,
  dotTransposeA,
  dotTransposeB,
  im2col,
  InvalidOptionError,
  Rng,
  reuse,
  sumColumns,
  Tensor,
  toBatch,
  transpose,
} from '../src/index';
import { useMatmulBackend } from '../src/matmul';

/** A·B in float64 from the same (float32) numbers: the reference a float32 product is checked against. */
function reference(a: Tensor, b: Tensor): Tensor {
  return dot(a.astype('float64'), b.astype('float64'));
}

/** Largest |x − y| over two equal-shaped tensors, relative to the largest |y|. */
function relativeError(x: Tensor, y: Tensor): number {
  let worst = 0;
  let scale = 1e-30;
  for (let i = 0; i < y.size; i++) {
    worst = Math.max(worst, Math.abs(x.data[i]! - y.data[i]!));
    scale = Math.max(scale, Math.abs(y.data[i]!));
  }
  return worst / scale;
}

describe('float32 tensors', () => {
  it('are float64 unless asked, and keep their dtype through zeros, from, randn, full, clone and reshape', () => {
    expect(Tensor.zeros([2, 1]).dtype).toBe('float64');
    expect(Tensor.from([[1], [2]]).dtype).toBe('float64');
    const t = Tensor.from([[1.5], [2]], 'float32');
    expect(t.dtype).toBe('float32');
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(Tensor.randn([2, 2], new Rng(1), 'float32').dtype).toBe('float32');
    expect(Tensor.full([2, 2], 3, 'float32').data).toEqual(new Float32Array([3, 3, 3, 3]));
    expect(t.clone().dtype).toBe('float32');
    expect(t.reshape([1, 2]).dtype).toBe('float32');
  });

  it('take their data as a Float64Array or a Float32Array, and say so when given anything else', () => {
    expect(() => new Tensor([2], [1, 2] as unknown as Float64Array)).toThrow(
      'Tensor: data must be a Float64Array or a Float32Array, got Array',
    );
    expect(() => new Tensor([2], new Int32Array(2) as unknown as Float64Array)).toThrow(InvalidOptionError);
  });

  it('astype rounds to float32 and widens back exactly', () => {
    const x = Tensor.from([[0.1], [1 / 3]]);
    const f = x.astype('float32');
    expect(f.data[0]).toBe(Math.fround(0.1));
    expect(f.astype('float64').data[1]).toBe(Math.fround(1 / 3));
    expect(f.astype('float32')).not.toBe(f); // a copy, as numpy's astype
  });

  it('give results of their own dtype from every operation', () => {
    const a = Tensor.randn([3, 4], new Rng(2), 'float32');
    const b = Tensor.randn([4, 2], new Rng(3), 'float32');
    expect(dot(a, b).dtype).toBe('float32');
    expect(dotTransposeB(a, a).dtype).toBe('float32');
    expect(dotTransposeA(a, a).dtype).toBe('float32');
    expect(transpose(a).dtype).toBe('float32');
    expect(add(a, a).dtype).toBe('float32');
    expect(sumColumns(a).dtype).toBe('float32');
    expect(toBatch([a.reshape([12, 1]), a.reshape([12, 1])]).dtype).toBe('float32');
    expect(im2col(Tensor.zeros([1, 3, 3, 2], 'float32'), 2).dtype).toBe('float32');
  });

  it('reuse a buffer only when both shape and dtype match', () => {
    const f = Tensor.zeros([2, 2], 'float32');
    expect(reuse(f, [2, 2], 'float32')).toBe(f);
    const d = reuse(f, [2, 2]);
    expect(d).not.toBe(f);
    expect(d.dtype).toBe('float64');
  });

  it('multiply by the WebAssembly float32 backend as the float64 reference does, at every size around its 2×4 blocks', () => {
    const rng = new Rng(7);
    for (const backend of ['wasm', 'js', 'auto'] as const) {
      useMatmulBackend(backend);
      try {
        for (const m of [1, 2, 3, 5]) {
          for (const k of [1, 3, 4, 5, 7, 8, 33]) {
            for (const n of [1, 3, 4, 5, 9]) {
              const a = Tensor.randn([m, k], rng, 'float32');
              const b = Tensor.randn([k, n], rng, 'float32');
              const expected = reference(a, b);
              for (const got of [dot(a, b), dotTransposeB(a, transpose(b)), dotTransposeA(transpose(a), b)]) {
                expect(got.dtype).toBe('float32');
                expect(relativeError(got, expected)).toBeLessThan(1e-5);
              }
            }
          }
        }
      } finally {
        useMatmulBackend('auto');
      }
    }
  });

  it('multiply large matrices in float32 to float32 precision', () => {
    const rng = new Rng(8);
    const a = Tensor.randn([130, 257], rng, 'float32');
    const b = Tensor.randn([257, 66], rng, 'float32');
    expect(relativeError(dot(a, b), reference(a, b))).toBeLessThan(1e-5);
  });

  it('mixed float32 and float64 operands still multiply (in JavaScript), into the first operand’s dtype', () => {
    const rng = new Rng(9);
    const a = Tensor.randn([40, 40], rng, 'float32');
    const b = Tensor.randn([40, 40], rng);
    const got = dot(a, b);
    expect(got.dtype).toBe('float32');
    expect(relativeError(got, reference(a, b))).toBeLessThan(1e-5);
  });

  it('DTypeError carries its code', () => {
    const error = new DTypeError('x');
    expect(error.code).toBe('NN_DTYPE_MISMATCH');
    expect(error.name).toBe('DTypeError');
  });
});
