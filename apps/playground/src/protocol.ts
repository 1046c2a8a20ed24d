/**
 * What the page and the training worker say to each other. The worker owns the network and
 * trains it; the page only draws what the worker reports, so training never blocks the page.
 * `Session.handle` is the worker's whole logic, kept apart from `postMessage` so it can be tested.
 */
import { toOnnx } from '@nn/onnx';
import type { Point } from './dataset';
import { explainNeuron } from './maths';
import { PlaygroundModel } from './model';
import type { FeatureName, State } from './state';

/** Messages from the page to the worker. */
export type Request =
  | { type: 'init'; state: State; points?: Point[] }
  | { type: 'train'; epochs: number }
  | { type: 'setWeight'; layer: number; j: number; i: number; value: number }
  | { type: 'explain'; column: number; j: number }
  | { type: 'export' }
  | { type: 'exportOnnx' }
  | { type: 'import'; json: string };

/** A weight matrix as data: `data[j * cols + i]` connects neuron i of a column to neuron j of the next. */
export interface Weights {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Everything the page draws, after each change. */
export interface Snapshot {
  type: 'snapshot';
  epoch: number;
  trainLoss: number;
  testLoss: number;
  features: FeatureName[];
  outputs: number;
  train: Point[];
  test: Point[];
  /** The output over the plane, HEATMAP×HEATMAP, top row first (class numbers for three classes). */
  heatmap: Float64Array;
  /** The output over a NEURON×NEURON grid, for the output neuron's picture. */
  output: Float64Array;
  /** Each hidden layer's neurons over a NEURON×NEURON grid. */
  neurons: Float64Array[][];
  weights: Weights[];
}

/** Messages from the worker to the page. */
export type Reply =
  | Snapshot
  | { type: 'explained'; text: string }
  | { type: 'exported'; json: string }
  | { type: 'exportedOnnx'; bytes: Uint8Array }
  | { type: 'error'; message: string };

export const HEATMAP = 50;
export const NEURON = 16;

/** The worker's state: one model at a time. */
export class Session {
  private model: PlaygroundModel | null = null;

  handle(request: Request): Reply[] {
    try {
      if (request.type === 'init') {
        this.model = new PlaygroundModel(request.state, request.points);
        return [this.snapshot()];
      }
      const model = this.model;
      if (model === null) return [{ type: 'error', message: `'${request.type}' before 'init'` }];
      switch (request.type) {
        case 'train':
          for (let e = 0; e < request.epochs; e++) model.trainEpoch();
          return [this.snapshot()];
        case 'setWeight': {
          const dense = model.denseLayers()[request.layer];
          if (
            !dense ||
            request.j >= dense.outputSize ||
            request.i >= dense.inputSize ||
            !Number.isFinite(request.value)
          ) {
            return [
              {
                type: 'error',
                message: `no weight (${request.layer}, ${request.j}, ${request.i}) to set to ${request.value}`,
              },
            ];
          }
          dense.weights.set(request.value, request.j, request.i);
          model.remeasure();
          return [this.snapshot()];
        }
        case 'explain':
          return [{ type: 'explained', text: explainNeuron(model, request.column, request.j) }];
        case 'export':
          return [{ type: 'exported', json: model.export() }];
        case 'exportOnnx':
          return [{ type: 'exportedOnnx', bytes: toOnnx(model.network) }];
        case 'import':
          model.import(request.json);
          return [this.snapshot()];
      }
    } catch (error) {
      return [{ type: 'error', message: (error as Error).message }];
    }
  }

  private snapshot(): Snapshot {
    const model = this.model as PlaygroundModel;
    const { output: heatmap } = model.grid(HEATMAP);
    const { output, neurons } = model.grid(NEURON);
    return {
      type: 'snapshot',
      epoch: model.epoch,
      trainLoss: model.trainLoss,
      testLoss: model.testLoss,
      features: model.features,
      outputs: model.outputs,
      train: model.train,
      test: model.test,
      heatmap,
      output,
      neurons,
      weights: model
        .denseLayers()
        .map((d) => ({ rows: d.outputSize, cols: d.inputSize, data: Float64Array.from(d.weights.data) })),
    };
  }
}
