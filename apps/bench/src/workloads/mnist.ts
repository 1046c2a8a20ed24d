import {
  buildModel,
  type Digit,
  describeTraining,
  type LayerSpec,
  MODEL_SPECS,
  type ModelName,
  type ModelSpec,
  PIXELS,
  toInput,
  toTarget,
} from '@nn/mnist';
import type { Init } from '@nn/layers';
import { softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import { type DType, Rng, type Tensor } from '@nn/tensor';
import { evaluate, fit } from '@nn/train';
import { type Contender, compare, seconds } from '../harness';
import type { Tf, TfPeer } from '../tfjs-peer';

export interface MnistData {
  train: Digit[];
  test: Digit[];
}

/** What `pnpm mnist --model <kind>` trains, on one line (it builds one throwaway network for it). */
export function describeModel(kind: ModelName): string {
  const { network, optimizer, learningRate } = buildModel(kind, { rng: new Rng(1) });
  return describeTraining(network, optimizer, learningRate);
}

/**
 * nn's initial weights in tfjs's words. nn draws the weights from N(0, 1/fanIn) (xavier),
 * N(0, 2/fanIn) (he) or N(0, 1) (randn), and starts the biases at 0 (at N(0, 1) with randn);
 * tfjs's leCunNormal and heNormal draw from the same normals truncated at two standard deviations
 * (so a little narrower), and tfjs starts every bias at 0.
 */
function tfInit(tf: Tf, init: Init) {
  return init === 'xavier' ? 'leCunNormal' : init === 'he' ? 'heNormal' : tf.initializers.randomNormal({ stddev: 1 });
}

/**
 * The app's network (`MODEL_SPECS` of @nn/mnist, the description `buildModel` builds) again in
 * TensorFlow.js, for the peer: the same layers, sizes, initial distributions, dropout, optimizer
 * and learning rate. Where it must differ it is written as a tfjs user would write it: an
 * activation that follows a dense or convolutional layer is fused into it, and the last layer
 * ends in softmax trained with categorical cross-entropy (nn fuses the softmax into the loss
 * instead, `softmaxCrossEntropy`: the same function and gradient). tfjs images are NHWC
 * [28, 28, 1], nn's [1, 28, 28]: with one channel, the same pixels in the same order. nn's
 * `Convolutional` has a bias per output element ([8, 24, 24]), tfjs's conv2d one per kernel (8):
 * the one difference in parameters, inherent to the two layers.
 */
async function tfModel(spec: ModelSpec, peer: TfPeer) {
  const tf = await peer.load();
  const model = tf.sequential();
  const layers = spec.layers;
  let inputShape: number[] | undefined = spec.input === 'column' ? [PIXELS] : [28, 28, 1];
  const first = () => {
    const options = inputShape === undefined ? {} : { inputShape };
    inputShape = undefined;
    return options;
  };
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] as LayerSpec;
    const next = layers[i + 1];
    // an activation right after a dense or convolutional layer goes into it (and is skipped below)
    const fused = next?.kind === 'tanh' || next?.kind === 'relu' ? next.kind : undefined;
    const activation = fused ?? (i === layers.length - 1 ? 'softmax' : 'linear');
    switch (layer.kind) {
      case 'dense':
        model.add(
          tf.layers.dense({ units: layer.units, activation, kernelInitializer: tfInit(tf, layer.init), ...first() }),
        );
        if (fused) i++;
        break;
      case 'convolutional':
        model.add(
          tf.layers.conv2d({
            filters: layer.kernels,
            kernelSize: layer.kernelSize,
            activation,
            kernelInitializer: tfInit(tf, layer.init),
            ...first(),
          }),
        );
        if (fused) i++;
        break;
      case 'maxPool':
        model.add(tf.layers.maxPooling2d({ poolSize: layer.size, ...first() }));
        break;
      case 'flatten':
        model.add(tf.layers.flatten(first()));
        break;
      case 'dropout':
        model.add(tf.layers.dropout({ rate: layer.rate, ...first() }));
        break;
      case 'tanh':
      case 'relu':
        model.add(tf.layers.activation({ activation: layer.kind, ...first() }));
        break;
    }
  }
  const { optimizer: o, learningRate } = spec;
  model.compile({
    optimizer:
      o.name === 'momentum'
        ? tf.train.momentum(learningRate, o.momentum)
        : tf.train.adam(learningRate, o.beta1, o.beta2, o.epsilon),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return { tf, model };
}

/**
 * One epoch over `data.train` in batches of `batchSize` (shuffled), then accuracy on `data.test`:
 * samples per second of training. The networks are those `pnpm mnist` trains, with their
 * optimizers and learning rates: `buildModel` of @nn/mnist builds them from its `MODEL_SPECS`,
 * and `tfModel` builds the same descriptions in tfjs. What the bench chooses itself: one epoch of
 * a subset of the digits, the batch size, and `dtype`: nn runs in each of `dtypes`, the first
 * being the headline the peers are compared with. `others` are more peers on the same digits
 * (numpy). Runs in Node and in the browser page alike.
 */
export async function mnist(
  kind: ModelName,
  data: MnistData,
  batchSize: number,
  repetitions: number,
  peers: readonly TfPeer[],
  dtypes: readonly DType[] = ['float64'],
  others: readonly Contender[] = [],
  warmups = 0,
) {
  const spec = MODEL_SPECS[kind];
  const shape = spec.input;
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
        const { network, optimizer, learningRate } = buildModel(kind, { rng, dtype });
        // as `pnpm mnist` trains it (runMnist), training accuracy included, as tfjs's `metrics`
        const options = { epochs: 1, batchSize, learningRate, optimizer, shuffle: true, rng, accuracy: true };
        const time = await seconds(() => fit(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, xs, ys, options));
        const { accuracy } = evaluate(network, xts, yts);
        return { value: x.length / time, quality: `test accuracy ${accuracy.toFixed(3)}` };
      },
    };
  };
  const tfContenders = peers.map(
    (peer): Contender => ({
      name: peer.name,
      run: async () => {
        const { tf, model } = await tfModel(spec, peer);
        const pixels = Float32Array.from(data.train.flatMap((d) => [...d.pixels]));
        const xs =
          shape === 'column' ? tf.tensor2d(pixels, [x.length, PIXELS]) : tf.tensor4d(pixels, [x.length, 28, 28, 1]);
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
          shape === 'column'
            ? tf.tensor2d(testPixels, [xTest.length, PIXELS])
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
    [...dtypes.map(nnIn), ...tfContenders, ...others],
    repetitions,
    warmups,
  );
}
