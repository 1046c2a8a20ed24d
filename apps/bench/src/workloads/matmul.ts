import { type DType, dotInto, Rng, Tensor } from '@nn/tensor';
import { type Contender, compare, seconds } from '../harness';
import type { TfPeer } from '../tfjs-peer';

/**
 * Square matrix products of side n: GFLOP/s (2n³ flops each). nn in float32 (the headline, as
 * tfjs-wasm computes in float32) and in float64 (its default); tfjs-wasm (`peer`) in float32.
 * Runs in Node and in the browser page alike.
 */
export async function matmul(n: number, repetitions: number, peer: TfPeer) {
  const flops = 2 * n ** 3;
  const reps = Math.max(2, Math.round(2e8 / flops));
  const rng = new Rng(1);
  const [a, b] = [Tensor.randn([n, n], rng), Tensor.randn([n, n], rng)];
  const nnIn = (dtype: DType): Contender => {
    const [x, y] = [a.astype(dtype), b.astype(dtype)];
    const out = Tensor.zeros([n, n], dtype);
    return {
      name: `nn (${dtype})`,
      run: async () => {
        dotInto(out, x, y);
        const time = await seconds(() => {
          for (let r = 0; r < reps; r++) dotInto(out, x, y);
        });
        return { value: (flops * reps) / time / 1e9 };
      },
    };
  };
  const wasm: Contender = {
    name: `${peer.name} (float32)`,
    run: async () => {
      const tf = await peer.load();
      const [ta, tb] = [tf.tensor2d(Float32Array.from(a.data), [n, n]), tf.tensor2d(Float32Array.from(b.data), [n, n])];
      tf.matMul(ta, tb).dispose();
      const time = await seconds(() => {
        for (let r = 0; r < reps; r++) {
          const c = tf.matMul(ta, tb);
          c.dataSync();
          c.dispose();
        }
      });
      ta.dispose();
      tb.dispose();
      return { value: (flops * reps) / time / 1e9 };
    },
  };
  return compare(`matrix product ${n}×${n}`, 'GFLOP/s', true, [nnIn('float32'), wasm, nnIn('float64')], repetitions);
}
