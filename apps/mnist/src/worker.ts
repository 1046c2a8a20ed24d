/**
 * The training of `nn-mnist`, in a worker thread: training is synchronous, so in the main thread
 * it would keep Ctrl-C from being heard until its end. The main thread (src/cli.ts) is told of
 * each step by messages and gets the trained network as a model file's text.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DivergenceError, saveModel } from '@nn/train';
import { loadMnist } from './data';
import { describeTraining } from './models';
import { runMnist, type RunSettings } from './train';

/** What the worker tells the main thread, in order: data, start, epoch…, then done or diverged. */
export type WorkerMessage =
  | { type: 'data'; train: number; test: number }
  | { type: 'start'; described: string; epochs: number }
  | {
      type: 'epoch';
      epoch: number;
      epochs: number;
      error: number;
      accuracy: number;
      samplesPerSecond: number;
      seconds: number;
    }
  | {
      type: 'done';
      model: string;
      testAccuracy: number;
      seconds: number;
      epochs: number;
      batchSize: number;
      learningRate: number;
    }
  | { type: 'diverged'; epoch: number; sample: number | undefined };

const port = parentPort;
if (port !== null) {
  const post = (message: WorkerMessage) => port.postMessage(message);
  const settings = workerData as RunSettings;
  const data = loadMnist();
  post({ type: 'data', train: data.train.length, test: data.test.length });
  try {
    const { network, ...result } = runMnist(settings, data, {
      onStart: (plan) =>
        post({
          type: 'start',
          described: describeTraining(plan.network, plan.optimizer, plan.learningRate),
          epochs: plan.epochs,
        }),
      onEpoch: (r) =>
        post({
          type: 'epoch',
          epoch: r.epoch,
          epochs: r.epochs,
          error: r.error,
          accuracy: r.accuracy ?? Number.NaN,
          samplesPerSecond: r.samplesPerSecond,
          seconds: r.seconds,
        }),
    });
    post({ type: 'done', model: saveModel(network), ...result });
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error; // the main thread reports it (exit 1)
    post({ type: 'diverged', epoch: error.epoch, sample: error.sample });
  }
}
