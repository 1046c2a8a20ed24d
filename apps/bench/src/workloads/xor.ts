import { Dense, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { Rng, Tensor } from '@nn/tensor';
import { fit, predict } from '@nn/train';
import { type Contender, compare, seconds } from '../harness';
import { brain } from '../peers';

const TABLE = [
  [0, 0, 0],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 0],
] as const;

const solved = (outputs: number[]) => `${outputs.filter((o, k) => (o > 0.5 ? 1 : 0) === TABLE[k]![2]).length}/4 right`;

/** The notes' XOR samples: inputs as columns [2, 1], targets [1, 1]. */
export function xorSamples(): { x: Tensor[]; y: Tensor[] } {
  return { x: TABLE.map(([a, b]) => Tensor.from([[a], [b]])), y: TABLE.map(([, , t]) => Tensor.from([[t]])) };
}

/**
 * The notes' XOR in nn and in brain.js, `epochs` epochs each, timed over `repetitions` runs after
 * `warmups` untimed ones (the first run, a cold start, is reported beside the median).
 */
export async function xor(epochs: number, repetitions: number, warmups = 0) {
  const { x, y } = xorSamples();
  const nn: Contender = {
    name: 'nn (float64)',
    run: async () => {
      const rng = new Rng(1);
      const network = [new Dense(2, 3, { rng }), new Tanh(), new Dense(3, 1, { rng }), new Tanh()];
      const time = await seconds(() => fit(network, mse, msePrime, x, y, { epochs, learningRate: 0.1 }));
      return { value: time * 1000, quality: solved(x.map((xi) => predict(network, xi).data[0]!)) };
    },
  };
  const brainjs: Contender = {
    name: 'brain.js 1.6.1',
    run: async () => {
      const { NeuralNetwork } = brain();
      // the closest brain.js allows: it refuses momentum 0 and errorThresh 0 as "out of training range"
      const network = new NeuralNetwork({ hiddenLayers: [3], activation: 'tanh', learningRate: 0.1, momentum: 1e-9 });
      const data = TABLE.map(([a, b, t]) => ({ input: [a, b], output: [t] }));
      const time = await seconds(() => network.train(data, { iterations: epochs, errorThresh: 1e-12 }));
      return { value: time * 1000, quality: solved(data.map((d) => network.run(d.input)[0] as number)) };
    },
  };
  return compare(`XOR, ${epochs} epochs`, 'ms', false, [nn, brainjs], repetitions, warmups);
}
