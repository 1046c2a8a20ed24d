import { Convolutional, Dense, Flatten, type Layer, MaxPool2d, ReLU, Tanh } from '@nn/layers';
import { softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import { type DType, Rng, type Tensor } from '@nn/tensor';
import { Adam, evaluate, fit, type Optimizer, Sgd } from '@nn/train';
import { type Digit, toInput, toTarget } from '../../../mnist/src/data';
import { type Contender, compare, seconds } from '../harness';
import { tfjs } from '../peers';

export interface MnistData {
  train: Digit[];
  test: Digit[];
}

type Kind = 'mlp' | 'cnn';

function nnNetwork(
  kind: Kind,
  rng: Rng,
  dtype: DType,
): { network: Layer[]; optimizer: Optimizer; learningRate: number } {
  if (kind === 'mlp') {
    return {
      network: [
        new Dense(784, 128, { rng, init: 'xavier', dtype }),
        new Tanh(),
        new Dense(128, 10, { rng, init: 'xavier', dtype }),
      ],
      optimizer: new Sgd(),
      learningRate: 0.1,
    };
  }
  return {
    network: [
      new Convolutional([1, 28, 28], 5, 8, { rng, init: 'he', dtype }),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Dense(1152, 64, { rng, init: 'he', dtype }),
      new ReLU(),
      new Dense(64, 10, { rng, init: 'xavier', dtype }),
    ],
    optimizer: new Adam(),
    learningRate: 0.002,
  };
}

async function tfModel(kind: Kind, backend: 'cpu' | 'wasm') {
  const tf = await tfjs(backend);
  const model = tf.sequential();
  if (kind === 'mlp') {
    model.add(tf.layers.dense({ units: 128, activation: 'tanh', inputShape: [784] }));
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  } else {
    model.add(tf.layers.conv2d({ filters: 8, kernelSize: 5, activation: 'relu', inputShape: [28, 28, 1] }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    model.compile({ optimizer: tf.train.adam(0.002), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  }
  return { tf, model };
}

/**
 * One epoch over `data.train` in batches of `batchSize` (shuffled), then accuracy on `data.test`:
 * samples per second of training. The MLP is 784-128 tanh-10 with softmax and cross-entropy, SGD
 * 0.1; the CNN is conv 8@5×5 relu, max-pool 2, dense 64 relu, dense 10, Adam 0.002. nn runs in
 * each of `dtypes`, the first being the headline the peers are compared with.
 */
export async function mnist(
  kind: Kind,
  data: MnistData,
  batchSize: number,
  repetitions: number,
  peers: ('cpu' | 'wasm')[],
  dtypes: DType[] = ['float64'],
) {
  const shape = kind === 'mlp' ? 'column' : 'image';
  const x = data.train.map((d) => toInput(d, shape));
  const y = data.train.map(toTarget);
  const xTest = data.test.map((d) => toInput(d, shape));
  const yTest = data.test.map(toTarget);
  const nnIn = (dtype: DType): Contender => {
    const convert = (t: Tensor) => (dtype === 'float64' ? t : t.astype(dtype));
    const [xs, ys, xts, yts] = [x.map(convert), y.map(convert), xTest.map(convert), yTest.map(convert)];
    let seed = 0;
    return {
      name: `nn (${dtype})`,
      run: async () => {
        const rng = new Rng(++seed);
        const { network, optimizer, learningRate } = nnNetwork(kind, rng, dtype);
        const options = { epochs: 1, batchSize, learningRate, optimizer, shuffle: true, rng };
        const time = await seconds(() => fit(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, xs, ys, options));
        const { accuracy } = evaluate(network, xts, yts);
        return { value: x.length / time, quality: `test accuracy ${accuracy.toFixed(3)}` };
      },
    };
  };
  const tfContenders = peers.map(
    (backend): Contender => ({
      name: `tfjs 4.22 ${backend}`,
      run: async () => {
        const { tf, model } = await tfModel(kind, backend);
        const pixels = Float32Array.from(data.train.flatMap((d) => [...d.pixels]));
        const xs = kind === 'mlp' ? tf.tensor2d(pixels, [x.length, 784]) : tf.tensor4d(pixels, [x.length, 28, 28, 1]);
        const ys = tf.oneHot(
          tf.tensor1d(
            data.train.map((d) => d.label),
            'int32',
          ),
          10,
        );
        const time = await seconds(() => model.fit(xs, ys, { epochs: 1, batchSize, shuffle: true, verbose: 0 }));
        const testPixels = Float32Array.from(data.test.flatMap((d) => [...d.pixels]));
        const xt =
          kind === 'mlp'
            ? tf.tensor2d(testPixels, [xTest.length, 784])
            : tf.tensor4d(testPixels, [xTest.length, 28, 28, 1]);
        const predicted = (model.predict(xt) as import('@tensorflow/tfjs').Tensor).argMax(1).dataSync();
        const accuracy = data.test.filter((d, i) => predicted[i] === d.label).length / data.test.length;
        tf.dispose([xs, ys, xt]);
        model.dispose();
        return { value: x.length / time, quality: `test accuracy ${accuracy.toFixed(3)}` };
      },
    }),
  );
  const name = kind === 'mlp' ? 'MNIST MLP 784-128-10' : 'MNIST CNN';
  return compare(
    `${name}, batch ${batchSize}, 1 epoch of ${x.length}`,
    'samples/s',
    true,
    [...dtypes.map(nnIn), ...tfContenders],
    repetitions,
  );
}
