import { Dense, type Layer } from '@nn/layers';
import { softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import { Embedding, LSTM, TimeDistributed } from '@nn/recurrent';
import { type DType, Rng, Tensor } from '@nn/tensor';
import { Adam, type EpochInfo, type FitResult, fitAsync, forward, predict } from '@nn/train';
import { BOUNDARY, CLASSES, character, longest, PADDING, toSequence, VOCABULARY } from './data';

/** The sizes of the names model: token ids → vectors of `embedding` → LSTM states of `hidden` → scores. */
export interface NamesModelSize {
  embedding: number;
  hidden: number;
}

/** The model `pnpm names` trains: Embedding(29, 24) → LSTM(24→128) → a Dense(128→28) at every step. */
export const NAMES_MODEL: NamesModelSize = { embedding: 24, hidden: 128 };

/** Builds the names model: ids `[1, T, b]` → scores of the next character `[28, T, b]`. */
export function buildNamesModel(
  { embedding, hidden }: NamesModelSize,
  { rng, dtype = 'float32' }: { rng: Rng; dtype?: DType },
): Layer[] {
  return [
    new Embedding(VOCABULARY, embedding, { rng, paddingId: PADDING, dtype }),
    new LSTM(embedding, hidden, { returnSequences: true, rng, dtype }),
    new TimeDistributed(new Dense(hidden, CLASSES, { rng, init: 'xavier', dtype })),
  ];
}

/**
 * Throws unless `network` reads token ids and scores the next character as a names model does
 * (an `Embedding` of the 29 ids first, 28 scores per step last): what a loaded file must be.
 */
export function checkNamesModel(network: readonly Layer[]): void {
  const first = network[0];
  const scores = network[network.length - 1];
  const outputs =
    scores instanceof TimeDistributed && scores.layer instanceof Dense ? scores.layer.outputSize : undefined;
  if (
    !(first instanceof Embedding) ||
    first.vocabularySize !== VOCABULARY ||
    outputs !== CLASSES ||
    !network.some((l) => l instanceof LSTM)
  ) {
    throw new Error(
      `not a names model: expected Embedding(${VOCABULARY}, …) → … LSTM … → TimeDistributed(Dense(…→${CLASSES})), got ${network.map(String).join(' → ')}`,
    );
  }
}

/** Settings of one training run. */
export interface NamesSettings {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  size: NamesModelSize;
  dtype?: DType;
}

/** The defaults of `pnpm names`. */
export const NAMES_DEFAULTS: Omit<NamesSettings, 'seed'> = {
  epochs: 5,
  batchSize: 32,
  learningRate: 0.005,
  size: NAMES_MODEL,
};

/** Names as training pairs, all padded to the same number of steps (the longest name's). */
export function toSequences(names: readonly string[], steps = longest(names), dtype: DType = 'float32') {
  const pairs = names.map((name) => toSequence(name, steps));
  return { x: pairs.map((p) => p.x.astype(dtype)), y: pairs.map((p) => p.y.astype(dtype)) };
}

/**
 * The mean loss per character (nats) of `network` on `names`: −log p of every next character and
 * of each name's end, averaged over all of them. Batched by `batchSize` names.
 */
export function lossPerCharacter(network: Layer[], names: readonly string[], batchSize = 256): number {
  const steps = longest(names);
  const dtype = (network[0]?.parameters()[0]?.value.dtype ?? 'float64') as DType;
  let total = 0;
  let count = 0;
  for (let start = 0; start < names.length; start += batchSize) {
    const batch = names.slice(start, start + batchSize);
    const { x, y } = toSequences(batch, steps, dtype);
    const b = batch.length;
    const xs = Tensor.zeros([1, steps, b], dtype);
    const ys = Tensor.zeros([CLASSES, steps, b], dtype);
    // sample s is column s of step t: element (i, t) of sample s at (i·T + t)·b + s
    batch.forEach((_, s) => {
      (x[s] as Tensor).data.forEach((v, t) => {
        xs.data[t * b + s] = v;
      });
      (y[s] as Tensor).data.forEach((v, k) => {
        ys.data[k * b + s] = v;
      });
    });
    const characters = batch.reduce((n, name) => n + name.length + 1, 0);
    total += softmaxCrossEntropy(ys, forward(network, xs)) * characters;
    count += characters;
  }
  return total / count;
}

/** One epoch's report: its mean training loss per character (`error`), its time, the validation loss. */
export interface NamesEpoch extends EpochInfo {
  seconds: number;
  valError?: number;
}

/** What `trainNames` hears and is told while it trains. */
export interface NamesHooks {
  /** Each epoch's report, with the validation loss per character when `validation` is given. */
  onEpoch?: (report: NamesEpoch) => void;
  /** Names measured after each epoch (`lossPerCharacter`). */
  validation?: readonly string[];
  /** Stops training between two batches (Ctrl-C): the result says `stopped: 'signal'`. */
  signal?: AbortSignal;
}

/**
 * Trains a names model on `train` (the split of `splitNames`): each name a sequence padded to the
 * longest, softmax cross-entropy at every step (padded steps skipped), Adam, gradients clipped at
 * global norm 5, shuffled with the seed. Lets the event loop run between batches (`fitAsync`).
 */
export async function trainNames(
  settings: NamesSettings,
  train: readonly string[],
  { onEpoch, validation, signal }: NamesHooks = {},
): Promise<{ network: Layer[]; result: FitResult }> {
  const rng = new Rng(settings.seed);
  const dtype = settings.dtype ?? 'float32';
  const network = buildNamesModel(settings.size, { rng, dtype });
  const { x, y } = toSequences(train, longest(train), dtype);
  let last = performance.now();
  const result = await fitAsync(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, x, y, {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    optimizer: new Adam(),
    clip: { norm: 5 },
    shuffle: true,
    rng,
    ...(signal ? { signal } : {}),
    onEpoch: (info) => {
      const seconds = (performance.now() - last) / 1000;
      const valError = validation ? lossPerCharacter(network, validation) : undefined;
      onEpoch?.({ ...info, seconds, ...(valError === undefined ? {} : { valError }) });
      last = performance.now();
    },
  });
  return { network, result };
}

/**
 * Samples `count` new names from a trained network, one character at a time: each step feeds the
 * last character and draws the next from softmax(scores / temperature), until the boundary `.`
 * (or `maxLength` letters). Temperature 1 samples the model as trained; lower is safer, higher wilder.
 */
export function sampleNames(
  network: Layer[],
  { count, temperature, rng, maxLength = 20 }: { count: number; temperature: number; rng: Rng; maxLength?: number },
): string[] {
  const lstm = network.find((layer): layer is LSTM => layer instanceof LSTM);
  if (!lstm) throw new Error('sampleNames: the network has no LSTM');
  const dtype = lstm.inputWeights.dtype;
  const wasStateful = lstm.stateful;
  lstm.stateful = true; // each predict continues from the state the last one ended with
  const names: string[] = [];
  const input = Tensor.zeros([1, 1, 1], dtype);
  try {
    for (let k = 0; k < count; k++) {
      lstm.resetState();
      let name = '';
      let id = BOUNDARY;
      while (name.length < maxLength) {
        input.data[0] = id;
        const scores = predict(network, input).data;
        id = 1 + draw(scores, temperature, rng); // class c is id c + 1
        if (id === BOUNDARY) break;
        name += character(id);
      }
      names.push(name);
    }
  } finally {
    lstm.stateful = wasStateful;
    lstm.resetState();
  }
  return names;
}

/** A class drawn from softmax(scores / temperature). */
function draw(scores: ArrayLike<number>, temperature: number, rng: Rng): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, (scores[i] as number) / temperature);
  const weights = Array.from({ length: scores.length }, (_, i) => Math.exp((scores[i] as number) / temperature - max));
  let u = rng.uniform() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number;
    if (u < 0) return i;
  }
  return weights.length - 1;
}
