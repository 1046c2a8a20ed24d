import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Dense, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { Rng } from '@nn/tensor';
import { fit } from '@nn/train';
import { xorSamples } from './xor';

/**
 * The heap during one `fit` of the notes' XOR, measured after a full garbage collection every
 * `epochsPerChunk` epochs: flat when the training loop keeps nothing it allocates.
 */
export function heapAcrossEpochs(chunks: number, epochsPerChunk: number): number[] {
  // a full collection on demand, without asking for `node --expose-gc`
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { x, y } = xorSamples();
  const rng = new Rng(1);
  const network = [new Dense(2, 3, { rng }), new Tanh(), new Dense(3, 1, { rng }), new Tanh()];
  const heap: number[] = [];
  fit(network, mse, msePrime, x, y, {
    epochs: chunks * epochsPerChunk,
    learningRate: 0.1,
    onEpoch: ({ epoch }) => {
      if (epoch % epochsPerChunk !== 0) return;
      gc();
      heap.push(process.memoryUsage().heapUsed);
    },
  });
  return heap;
}
