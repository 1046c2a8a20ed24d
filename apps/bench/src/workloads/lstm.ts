import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import {
  buildNamesModel,
  CLASSES,
  lossPerCharacter,
  longest,
  NAMES_DEFAULTS,
  NAMES_MODEL,
  nameIds,
  PADDING,
  toSequences,
  VOCABULARY,
} from '@nn/names';
import { type DType, Rng, Tensor } from '@nn/tensor';
import { Adam, fit, Trainer } from '@nn/train';
import { type Contender, compare, seconds } from '../harness';
import { brainRecurrent } from '../peers';
import type { TfPeer } from '../tfjs-peer';

/** The names model as `pnpm names` trains it, on one line. */
export function describeNamesModel(): string {
  const network = buildNamesModel(NAMES_MODEL, { rng: new Rng(1) });
  return `${network.map(String).join(' → ')}, Adam, learning rate ${NAMES_DEFAULTS.learningRate}`;
}

/**
 * One epoch of the names model (`buildNamesModel` of @nn/names: Embedding(29→24) → LSTM(24→128)
 * → a Dense(128→28) at every step, softmax cross-entropy per character, Adam) over `train`, in
 * batches of `batchSize` names padded to the longest: names per second of training, and the
 * validation loss per character it reached. Peers: tfjs-layers' embedding → lstm →
 * timeDistributed(dense) with the same sizes, optimizer and learning rate (padded steps have
 * all-zero targets, which add nothing to categorical cross-entropy); brain.js 1.6.1's closest,
 * `recurrent.LSTM` — a character model of its own (an embedding of its characters, LSTM layers,
 * softmax), which trains one name at a time with its RMSprop-like update and knows no batches —
 * with the same embedding and state sizes, on `brainNames` names (it is slow: the rate is per name).
 */
export async function lstm(
  train: readonly string[],
  validation: readonly string[],
  {
    batchSize,
    repetitions,
    peers,
    brainNames,
  }: { batchSize: number; repetitions: number; peers: readonly TfPeer[]; brainNames: number },
) {
  const { learningRate } = NAMES_DEFAULTS;
  const steps = longest([...train, ...validation]);
  const nn = (dtype: DType): Contender => {
    const { x, y } = toSequences(train, steps, dtype);
    let seed = 0;
    return {
      name: `nn (${dtype})`,
      run: async () => {
        const rng = new Rng(++seed);
        const network = buildNamesModel(NAMES_MODEL, { rng, dtype });
        const options = {
          epochs: 1,
          batchSize,
          learningRate,
          optimizer: new Adam(),
          clip: { norm: 5 },
          shuffle: true,
          rng,
        };
        const time = await seconds(() => fit(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, x, y, options));
        return {
          value: train.length / time,
          quality: `validation ${lossPerCharacter(network, validation).toFixed(3)} nats/char`,
        };
      },
    };
  };
  const tfContenders = peers.map(
    (peer): Contender => ({
      name: peer.name,
      run: async () => {
        const tf = await peer.load();
        const model = tf.sequential();
        // tfjs-wasm 4.22 cannot train tf.layers.embedding (no UnsortedSegmentSum kernel, its gradient):
        // the same map as a Dense without bias on one-hot ids, which is what an embedding computes
        model.add(
          tf.layers.timeDistributed({
            layer: tf.layers.dense({ units: NAMES_MODEL.embedding, useBias: false }),
            inputShape: [steps, VOCABULARY],
          }),
        );
        // glorotNormal rather than tfjs's default orthogonal recurrent weights, whose setup warns and
        // is slow at 128×512 (not timed either way)
        model.add(
          tf.layers.lstm({ units: NAMES_MODEL.hidden, returnSequences: true, recurrentInitializer: 'glorotNormal' }),
        );
        model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: CLASSES, activation: 'softmax' }) }));
        model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy' });
        const [xs, ys] = tfSequences(tf, train, steps);
        const time = await seconds(() => model.fit(xs, ys, { epochs: 1, batchSize, shuffle: true, verbose: 0 }));
        // the validation loss per character, as nn measures it: −log p of each real step's target
        const [xv] = tfSequences(tf, validation, steps);
        const p = (model.predict(xv) as import('@tensorflow/tfjs').Tensor).dataSync();
        let total = 0;
        let count = 0;
        validation.forEach((name, s) => {
          const ids = [...nameIds(name), 1];
          for (let t = 0; t + 1 < ids.length; t++) {
            total -= Math.log(p[(s * steps + t) * CLASSES + (ids[t + 1] as number) - 1] as number);
            count++;
          }
        });
        tf.dispose([xs, ys, xv]);
        model.dispose();
        return { value: train.length / time, quality: `validation ${(total / count).toFixed(3)} nats/char` };
      },
    }),
  );
  const brainjs: Contender = {
    name: 'brain.js 1.6.1 (batch 1)',
    run: async () => {
      const { LSTM } = brainRecurrent();
      const network = new LSTM({
        inputSize: NAMES_MODEL.embedding,
        inputRange: VOCABULARY,
        hiddenLayers: [NAMES_MODEL.hidden],
        outputSize: VOCABULARY,
        learningRate,
      });
      const some = train.slice(0, brainNames);
      const time = await seconds(() => network.train(some, { iterations: 1, errorThresh: 0 }));
      return { value: some.length / time, quality: `on ${some.length} names` };
    },
  };
  return compare(
    `names LSTM, batch ${batchSize}, 1 epoch of ${train.length} names`,
    'names/s',
    true,
    [nn('float32'), nn('float64'), ...tfContenders, ...(brainNames > 0 ? [brainjs] : [])],
    repetitions,
  );
}

/** Names for tfjs: one-hot ids `[N, T, 29]` (padding: id 0) and one-hot next characters `[N, T, 28]` (zeros past the end). */
function tfSequences(tf: import('../tfjs-peer').Tf, names: readonly string[], steps: number) {
  const ids = new Float32Array(names.length * steps * VOCABULARY);
  const targets = new Float32Array(names.length * steps * CLASSES);
  names.forEach((name, s) => {
    for (let t = 0; t < steps; t++) ids[(s * steps + t) * VOCABULARY + PADDING] = 1; // then the real ids over it
    const sequence = [...nameIds(name), 1];
    for (let t = 0; t + 1 < sequence.length; t++) {
      ids[(s * steps + t) * VOCABULARY + PADDING] = 0;
      ids[(s * steps + t) * VOCABULARY + (sequence[t] as number)] = 1;
      targets[(s * steps + t) * CLASSES + (sequence[t + 1] as number) - 1] = 1;
    }
  });
  return [
    tf.tensor3d(ids, [names.length, steps, VOCABULARY]),
    tf.tensor3d(targets, [names.length, steps, CLASSES]),
  ] as const;
}

/**
 * What the names model's training allocates per batch once warm (40 batches first: buffers made,
 * code optimized), over `batches` more `Trainer.step`s on one batch of 32:
 * - `typedArraysPerBatch`, exact: the Float32Array and Float64Array buffers made (counted by
 *   standing in for both constructors meanwhile), 0 when every layer, the loss and the optimizer
 *   reuse theirs (`reuse`) — no tensor per step or per batch;
 * - `bytesPerBatch`, rough: the growth of the heap and of the typed arrays' memory from a full
 *   garbage collection, without one in between, divided by `batches` (it counts small objects and
 *   compiled code too, and moves with what ran before: tens to hundreds of kB).
 * `bufferBytes` is the size of one batch's LSTM gate buffers, for scale.
 */
export function lstmAllocationPerBatch(
  batches: number,
  batchSize = 32,
): { typedArraysPerBatch: number; bytesPerBatch: number; bufferBytes: number; steps: number } {
  setFlagsFromString('--expose-gc'); // a full collection on demand, without asking for `node --expose-gc`
  const gc = runInNewContext('gc') as () => void;
  const names = ['emma', 'olivia', 'ava', 'isabella', 'sophia', 'mia', 'charlotte', 'amelia'];
  const steps = longest(names);
  const { x, y } = toSequences(names, steps, 'float32');
  const xs = Tensor.zeros([1, steps, batchSize], 'float32');
  const ys = Tensor.zeros([CLASSES, steps, batchSize], 'float32');
  for (let s = 0; s < batchSize; s++) {
    const k = s % names.length;
    for (let t = 0; t < steps; t++) xs.data[t * batchSize + s] = (x[k] as Tensor).data[t] as number;
    for (let i = 0; i < CLASSES * steps; i++) ys.data[i * batchSize + s] = (y[k] as Tensor).data[i] as number;
  }
  const network = buildNamesModel(NAMES_MODEL, { rng: new Rng(1) });
  const trainer = new Trainer(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, {
    optimizer: new Adam(),
    learningRate: NAMES_DEFAULTS.learningRate,
    clip: { norm: 5 },
  });
  for (let k = 0; k < 40; k++) trainer.step(xs, ys);
  gc();
  // typed arrays live outside the JavaScript heap: count both
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const before = used();
  const made = countTypedArrays(() => {
    for (let k = 0; k < batches; k++) trainer.step(xs, ys);
  });
  const after = used();
  return {
    typedArraysPerBatch: made / batches,
    bytesPerBatch: Math.max(0, after - before) / batches,
    bufferBytes: NAMES_MODEL.hidden * 4 * steps * batchSize * 4, // the gates [4h, T·b] in float32
    steps,
  };
}

/**
 * The Float32Arrays and Float64Arrays `f` makes with `new`: both constructors stand in for
 * themselves, counting, while it runs (a Proxy: `instanceof` and every static still work).
 */
export function countTypedArrays(f: () => void): number {
  const globals = globalThis as unknown as Record<'Float32Array' | 'Float64Array', unknown>;
  const originals = { Float32Array: globals.Float32Array, Float64Array: globals.Float64Array };
  let count = 0;
  const counting = (original: unknown) =>
    new Proxy(original as new (...args: unknown[]) => object, {
      construct(target, args, newTarget) {
        count++;
        return Reflect.construct(target, args, newTarget === original ? target : newTarget);
      },
    });
  globals.Float32Array = counting(originals.Float32Array);
  globals.Float64Array = counting(originals.Float64Array);
  try {
    f();
  } finally {
    Object.assign(globals, originals);
  }
  return count;
}
