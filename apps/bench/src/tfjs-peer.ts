/**
 * What the TensorFlow.js peer needs in Node and in the browser page alike (no `node:` imports):
 * the `Tf` type, how a workload is handed a tfjs, what tfjs-wasm runs with, and the
 * `Conv2DBackpropFilter` that tfjs-backend-wasm 4.22 lacks.
 */
export type Tf = typeof import('@tensorflow/tfjs');

/** A tfjs contender: its name in the tables, and how to get tfjs with its backend set. */
export interface TfPeer {
  name: string;
  load: () => Promise<Tf>;
}

/**
 * What tfjs-backend-wasm runs with, once its backend is ready: `SIMD, 1 thread`. `threads` is the
 * backend's own `getThreadsCount()`; `why` says why it has no more (Node, no cross-origin isolation).
 */
export async function wasmSetup(tf: Tf, threads: number, why = ''): Promise<string> {
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}${why ? ` (${why})` : ''}`;
}

type TensorInfo = { dataId: object; shape: number[]; dtype: string };
type KernelArgs = { inputs: Record<string, TensorInfo>; attrs: Record<string, unknown>; backend: unknown };

/**
 * tfjs-backend-wasm 4.22 registers no `Conv2DBackpropFilter`, so it cannot train a convolution
 * ("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"). It does have the 3-D
 * version in its native code: this registers the 2-D kernel as that one on a depth-1 view of the
 * same data (NHWC [b, h, w, c] seen as [b, 1, h, w, c]), so the CNN runs on tfjs-wasm's own kernels.
 */
export function registerConv2DBackpropFilter(tf: Tf): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: (({ inputs, attrs, backend }: KernelArgs) => {
      const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
      const { strides, pad, dataFormat, filterShape } = attrs as {
        strides: number | [number, number];
        pad: unknown;
        dataFormat: string;
        filterShape: [number, number, number, number];
      };
      if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter (bench shim): only NHWC, got ${dataFormat}`);
      const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
      const depth1 = (t: TensorInfo): TensorInfo => ({ ...t, shape: [t.shape[0]!, 1, ...t.shape.slice(1)] });
      const conv3d = tf.getKernel('Conv3DBackpropFilterV2', 'wasm')!.kernelFunc as unknown as (
        a: KernelArgs,
      ) => TensorInfo;
      const dw = conv3d({
        inputs: { x: depth1(x), dy: depth1(dy) },
        attrs: { strides: [1, sh, sw], pad, filterShape: [1, ...filterShape] },
        backend,
      });
      return { ...dw, shape: [...filterShape] };
    }) as unknown as import('@tensorflow/tfjs').KernelFunc,
  });
}

let checked = false;

/** Throws unless the registered kernel gives dE/dW = Σ x ⋆ dE/dY as plain loops compute it, on a small case. */
export function checkConv2DBackpropFilter(tf: Tf): void {
  if (checked) return;
  const [b, h, w, c, k, f] = [2, 6, 5, 3, 3, 4];
  const [oh, ow] = [h - k + 1, w - k + 1];
  const x = Float32Array.from({ length: b * h * w * c }, (_, i) => Math.sin(i));
  const dy = Float32Array.from({ length: b * oh * ow * f }, (_, i) => Math.cos(i));
  const expected = new Float64Array(k * k * c * f);
  for (let s = 0; s < b; s++)
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++)
        for (let ch = 0; ch < c; ch++)
          for (let o = 0; o < f; o++)
            for (let y = 0; y < oh; y++)
              for (let z = 0; z < ow; z++)
                expected[((i * k + j) * c + ch) * f + o]! +=
                  x[((s * h + y + i) * w + z + j) * c + ch]! * dy[((s * oh + y) * ow + z) * f + o]!;
  const got = tf.tidy(() =>
    (
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x: tf.tensor4d(x, [b, h, w, c]), dy: tf.tensor4d(dy, [b, oh, ow, f]) },
          { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [k, k, c, f] },
        ) as import('@tensorflow/tfjs').Tensor
    ).dataSync(),
  );
  const worst = expected.reduce((m, e, i) => Math.max(m, Math.abs(e - got[i]!)), 0);
  if (!(got.length === expected.length && worst < 1e-4)) {
    throw new Error(`the Conv2DBackpropFilter shim for tfjs-wasm is wrong: largest difference ${worst}`);
  }
  checked = true;
}
