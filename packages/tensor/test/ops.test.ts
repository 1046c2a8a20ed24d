import { describe, expect, it } from 'vitest';
import {
  add,
  addInto,
  convolve2d,
  correlate2d,
  dot,
  dotInto,
  dotTransposeA,
  dotTransposeB,
  dotTransposeAInto,
  dotTransposeBInto,
  map,
  Rng,
  mean,
  multiply,
  reshape,
  scale,
  size,
  subtract,
  sum,
  sumColumns,
  Tensor,
  transpose,
} from '@nn/tensor';
import { useMatmulBackend } from '../src/matmul';
import { wasmAvailable } from '../src/matmul-wasm-backend';

const A = () =>
  Tensor.from([
    [1, 2],
    [3, 4],
    [5, 6],
  ]); // [3, 2]
const B = () =>
  Tensor.from([
    [7, 8, 9],
    [10, 11, 12],
  ]); // [2, 3]

describe("the notes' operations", () => {
  it('dot: matrix product by hand', () => {
    // [1 2; 3 4; 5 6]·[7 8 9; 10 11 12]: row 1 = [1·7+2·10, 1·8+2·11, 1·9+2·12]
    expect(dot(A(), B()).toArray()).toEqual([
      [27, 30, 33],
      [61, 68, 75],
      [95, 106, 117],
    ]);
    expect(dot(Tensor.from([[2, 3]]), Tensor.from([[4], [5]])).toArray()).toEqual([[23]]);
  });

  it('dot: shapes that do not chain are named', () => {
    expect(() => dot(A(), A())).toThrow('dot: shapes [3, 2] and [3, 2] do not chain: 2 columns against 3 rows');
    expect(() => dot(Tensor.zeros([2]), A())).toThrow(/expected a matrix \[rows, columns\], got shape \[2\]/);
  });

  it('dotInto writes into out and checks its shape', () => {
    const out = Tensor.full([3, 3], 99);
    expect(dotInto(out, A(), B())).toBe(out);
    expect(out.toArray()).toEqual(dot(A(), B()).toArray());
    expect(() => dotInto(Tensor.zeros([2, 2]), A(), B())).toThrow('dot: out has shape [2, 2], expected [3, 3]');
  });

  it('a product into memory it reads is refused at every size (it gave wrong numbers below the WebAssembly sizes)', () => {
    for (const n of [4, 16, 40]) {
      const [a, b] = [Tensor.randn([n, n], new Rng(1)), Tensor.randn([n, n], new Rng(2))];
      expect(() => dotInto(a, a, b)).toThrow('dot: out shares memory with a, which the product reads');
      expect(() => dotTransposeAInto(b, a, b)).toThrow('dotTransposeA: out shares memory with b');
      const buffer = new Float64Array(2 * n * n);
      const view = new Tensor([n, n], buffer.subarray(n, n + n * n)); // overlaps the first half
      expect(() => dotTransposeBInto(view, new Tensor([n, n], buffer.subarray(0, n * n)), b)).toThrow(
        'dotTransposeB: out shares memory with a',
      );
      expect(dotInto(Tensor.zeros([n, n]), a, a).toArray()).toEqual(dot(a, a).toArray()); // a on both sides is fine
    }
  });

  it('transpose', () => {
    expect(transpose(A()).toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(transpose(transpose(B())).toArray()).toEqual(B().toArray());
  });

  it('element-wise add, subtract, multiply, scale, map', () => {
    const a = Tensor.from([[1], [2]]);
    const b = Tensor.from([[10], [20]]);
    expect(add(a, b).toArray()).toEqual([[11], [22]]);
    expect(subtract(a, b).toArray()).toEqual([[-9], [-18]]);
    expect(multiply(a, b).toArray()).toEqual([[10], [40]]);
    expect(scale(a, -2).toArray()).toEqual([[-2], [-4]]);
    expect(map(a, (x) => x * x + 1).toArray()).toEqual([[2], [5]]);
    expect(() => subtract(a, A())).toThrow('subtract: shapes [2, 1] and [3, 2] differ, expected equal shapes');
    expect(() => multiply(a, A())).toThrow(/multiply: shapes/);
  });

  it('add broadcasts a column over the columns of a batch (Y = W·X + B)', () => {
    const batch = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const bias = Tensor.from([[10], [100]]);
    expect(add(batch, bias).toArray()).toEqual([
      [11, 12, 13],
      [104, 105, 106],
    ]);
    expect(() => add(batch, Tensor.zeros([3, 1]))).toThrow(
      'add: cannot add shape [3, 1] to [2, 3], expected [2, 3] or [2, 1]',
    );
    const out = Tensor.zeros([2, 3]);
    expect(addInto(out, batch, bias).toArray()).toEqual([
      [11, 12, 13],
      [104, 105, 106],
    ]);
  });

  it('sum, sumColumns, mean, size, reshape', () => {
    expect(sum(A())).toBe(21);
    expect(sumColumns(A()).toArray()).toEqual([[3], [7], [11]]);
    expect(mean(A())).toBe(3.5);
    expect(size(A())).toBe(6);
    expect(reshape(A(), [2, 3]).toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(() => mean(Tensor.zeros([0]))).toThrow('mean: the tensor is empty');
  });

  it('plain forms never mutate their arguments', () => {
    const a = A();
    const b = B();
    const before = [a.data.slice(), b.data.slice()];
    dot(a, b);
    transpose(a);
    add(a, a);
    subtract(a, a);
    multiply(a, a);
    scale(a, 3);
    map(a, Math.tanh);
    sumColumns(a);
    correlate2d(a, Tensor.from([[1]]), 'full');
    convolve2d(a, Tensor.from([[1, 2]]));
    expect(a.data).toEqual(before[0]);
    expect(b.data).toEqual(before[1]);
  });
});

describe('correlate2d and convolve2d (scipy.signal semantics)', () => {
  const X = Tensor.from([
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ]);
  const K = Tensor.from([
    [1, 0],
    [0, -1],
  ]);

  it('valid correlation by hand', () => {
    // Y[0,0] = 1·1 + 5·(−1) = −4, the same for every window of this X
    expect(correlate2d(X, K, 'valid').toArray()).toEqual([
      [-4, -4],
      [-4, -4],
    ]);
  });

  it('valid convolution turns the kernel by 180°', () => {
    // rot180(K) = [[−1, 0], [0, 1]]: Y[0,0] = −1 + 5 = 4
    expect(convolve2d(X, K, 'valid').toArray()).toEqual([
      [4, 4],
      [4, 4],
    ]);
  });

  it('full correlation by hand', () => {
    // Padded by one zero on each side; Y[0,0] = X[0,0]·K[1,1] = −1, Y[3,3] = X[2,2]·K[0,0] = 9
    expect(correlate2d(X, K, 'full').toArray()).toEqual([
      [-1, -2, -3, 0],
      [-4, -4, -4, 3],
      [-7, -4, -4, 6],
      [0, 7, 8, 9],
    ]);
  });

  it('full convolution by hand', () => {
    expect(convolve2d(X, K, 'full').toArray()).toEqual([
      [1, 2, 3, 0],
      [4, 4, 4, -3],
      [7, 4, 4, -6],
      [0, -7, -8, -9],
    ]);
  });

  it('a kernel larger than the input is an error in valid mode', () => {
    expect(() => correlate2d(K, X)).toThrow("correlate2d: kernel [3, 3] is larger than input [2, 2] in 'valid' mode");
  });
});

describe('the matrix product', () => {
  const naive = (a: Tensor, b: Tensor) => {
    const [m, k] = a.shape as [number, number];
    const n = b.shape[1] as number;
    const out = Tensor.zeros([m, n]);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) out.data[i * n + j] += a.get(i, p) * b.get(p, j);
    return out;
  };

  it('dot, dotTransposeA and dotTransposeB equal the textbook triple loop, for every size around the 4×4 blocks, below and above the small-product loops', () => {
    const rng = new Rng(1);
    for (let m = 1; m <= 9; m += 1) {
      for (const k of [1, 3, 8, 40]) {
        for (const n of [1, 4, 5, 7]) {
          const a = Tensor.randn([m, k], rng);
          const b = Tensor.randn([k, n], rng);
          const expected = naive(a, b);
          for (const got of [dot(a, b), dotTransposeB(a, transpose(b)), dotTransposeA(transpose(a), b)]) {
            expect(got.shape).toEqual([m, n]);
            got.data.forEach((v, i) => expect(v).toBeCloseTo(expected.data[i]!, 12));
          }
        }
      }
    }
  });

  it('name shapes that do not chain', () => {
    expect(() => dotTransposeB(Tensor.zeros([2, 3]), Tensor.zeros([2, 2]))).toThrow(
      'dotTransposeB: shapes [2, 3] and [2, 2]ᵀ do not chain: 3 columns against 2 rows',
    );
    expect(() => dotTransposeA(Tensor.zeros([2, 3]), Tensor.zeros([3, 2]))).toThrow(
      'dotTransposeA: shapes [2, 3]ᵀ and [3, 2] do not chain: 2 columns against 3 rows',
    );
  });
});

describe('the WebAssembly backend', () => {
  it('is available here, and agrees with the JavaScript backend for every size around its 2×4 blocks', () => {
    expect(wasmAvailable()).toBe(true);
    const rng = new Rng(4);
    try {
      for (const [m, k, n] of [
        [1, 1, 1],
        [2, 3, 2],
        [3, 5, 7],
        [8, 8, 8],
        [5, 17, 3],
        [33, 64, 9],
      ]) {
        const a = Tensor.randn([m!, k!], rng);
        const b = Tensor.randn([k!, n!], rng);
        useMatmulBackend('js');
        const js = dot(a, b);
        useMatmulBackend('wasm');
        const wasm = dot(a, b);
        const bt = dotTransposeB(a, transpose(b));
        const at = dotTransposeA(transpose(a), b);
        for (const got of [wasm, bt, at]) got.data.forEach((v, i) => expect(v).toBeCloseTo(js.data[i]!, 12));
      }
    } finally {
      useMatmulBackend('auto');
    }
  });

  it('stays right across a growth of its memory (a new buffer), in both element types, and after it', () => {
    const rng = new Rng(7);
    useMatmulBackend('wasm');
    try {
      for (const size of [8, 700, 8]) {
        // a 700×700 float64 operand is about 4 MB, more than the memory held before (it starts at 64 kB)
        for (const dtype of ['float64', 'float32'] as const) {
          const a = Tensor.randn([size, size], rng, dtype);
          const b = Tensor.randn([size, 3], rng, dtype);
          const got = dot(a, b);
          for (let i = 0; i < size; i += Math.ceil(size / 7)) {
            let expected = 0;
            for (let p = 0; p < size; p++) expected += a.data[i * size + p]! * b.data[p * 3]!;
            expect(Math.abs(got.data[i * 3]! - expected)).toBeLessThan(dtype === 'float32' ? 1e-3 * size : 1e-9);
          }
        }
      }
    } finally {
      useMatmulBackend('auto');
    }
  });

  it('computes wide products a block of columns at a time, with every block and the edges right', () => {
    const rng = new Rng(6);
    // k = 301 makes each block 108 columns of B (256 kB of float64 rows): 502 columns are 5 blocks and a rest
    const a = Tensor.randn([7, 301], rng);
    const b = Tensor.randn([301, 502], rng);
    useMatmulBackend('js');
    const js = dot(a, b);
    useMatmulBackend('wasm');
    try {
      const wasm = dot(a, b);
      wasm.data.forEach((v, i) => expect(v).toBeCloseTo(js.data[i]!, 10));
      const wide32 = dot(a.astype('float32'), b.astype('float32'));
      wide32.data.forEach((v, i) => expect(Math.abs(v - js.data[i]!)).toBeLessThan(1e-3 * (1 + Math.abs(js.data[i]!))));
    } finally {
      useMatmulBackend('auto');
    }
  });

  it('grows its memory for large products', () => {
    const rng = new Rng(5);
    const a = Tensor.randn([300, 200], rng);
    const b = Tensor.randn([200, 150], rng);
    useMatmulBackend('js');
    const js = dot(a, b);
    useMatmulBackend('auto');
    const auto = dot(a, b);
    auto.data.forEach((v, i) => expect(v).toBeCloseTo(js.data[i]!, 10));
  });
});
