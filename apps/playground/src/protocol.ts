/**
 * What the page and the training worker say to each other. The worker owns the network and
 * trains it; the page only draws what the worker reports, so training never blocks the page.
 * `Session.handle` is the worker's whole logic, kept apart from `postMessage` so it can be tested.
 */
import { toOnnx } from '@nn/onnx';
import type { Point } from './dataset';
import { explainNeuron } from './maths';
import { PlaygroundModel, readModelFile } from './model';
import type { FeatureName, State } from './state';

/** Messages from the page to the worker. */
export type Request =
  | { type: 'init'; state: State; points?: Point[] }
  /** `epochs` epochs (0: none, a snapshot only); `quick` while playing: the output on the coarser grid. */
  | { type: 'train'; epochs: number; quick?: boolean }
  /** New training settings (`TRAINING_SETTINGS` of state.ts): the network and its epoch stay. */
  | { type: 'configure'; state: State }
  | { type: 'addPoint'; point: Point }
  | { type: 'setWeight'; layer: number; j: number; i: number; value: number }
  | { type: 'setBias'; layer: number; j: number; value: number }
  | { type: 'explain'; column: number; j: number }
  /** The model file, with the page's state as its settings. */
  | { type: 'export'; state: State }
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
  /**
   * The output over the plane, `heatmapSize`² values, top row first; for three classes each class's
   * probability, one grid after the other.
   */
  heatmap: Float64Array;
  /** HEATMAP, or QUICK_HEATMAP for a snapshot asked for while playing. */
  heatmapSize: number;
  /** The output over a NEURON×NEURON grid (one grid per output), for the output neurons' pictures. */
  output: Float64Array;
  /** Each hidden layer's neurons over a NEURON×NEURON grid. */
  neurons: Float64Array[][];
  weights: Weights[];
  /** Each Dense layer's biases, one per neuron of the next column. */
  biases: Float64Array[];
  /** Training steps (batches) per second of training time, over the last epochs; 0 before any. */
  stepsPerSecond: number;
}

/** Messages from the worker to the page. */
export type Reply =
  | Snapshot
  | { type: 'explained'; text: string }
  | { type: 'exported'; json: string }
  | { type: 'exportedOnnx'; bytes: Uint8Array }
  /** A model file was imported: the page shows `state` (its settings), `problems` names what did not read. */
  | { type: 'imported'; state: State; problems: string[] }
  | { type: 'error'; message: string };

/** The output's grid at rest, and while playing (a quarter of the points, so each frame costs less). */
export const HEATMAP = 100;
export const QUICK_HEATMAP = 50;
export const NEURON = 16;

/** Steps per second, measured over windows of at least this many milliseconds of training. */
const WINDOW = 250;

/** The worker's state: one model at a time. */
export class Session {
  private model: PlaygroundModel | null = null;
  private custom = false;
  private rate = 0;
  private window = { steps: 0, ms: 0 };

  constructor(private readonly now: () => number = () => performance.now()) {}

  handle(request: Request): Reply[] {
    try {
      if (request.type === 'init') {
        this.model = new PlaygroundModel(request.state, request.points);
        this.custom = request.points !== undefined;
        return [this.snapshot()];
      }
      const model = this.model;
      if (model === null) return [{ type: 'error', message: `'${request.type}' before 'init'` }];
      switch (request.type) {
        case 'train':
          this.train(model, request.epochs);
          return [this.snapshot(request.quick ? QUICK_HEATMAP : HEATMAP)];
        case 'configure':
          model.configure(request.state);
          return [this.snapshot()];
        case 'addPoint':
          model.addPoint(request.point);
          this.custom = true;
          return [this.snapshot()];
        case 'setWeight':
        case 'setBias': {
          const dense = model.denseLayers()[request.layer];
          const i = request.type === 'setWeight' ? request.i : 0;
          if (!dense || request.j >= dense.outputSize || i >= dense.inputSize || !Number.isFinite(request.value)) {
            const what =
              request.type === 'setWeight'
                ? `weight (${request.layer}, ${request.j}, ${i})`
                : `bias (${request.layer}, ${request.j})`;
            return [{ type: 'error', message: `no ${what} to set to ${request.value}` }];
          }
          if (request.type === 'setWeight') dense.weights.set(request.value, request.j, i);
          else dense.bias.set(request.value, request.j, 0);
          model.remeasure();
          return [this.snapshot()];
        }
        case 'explain':
          return [{ type: 'explained', text: explainNeuron(model, request.column, request.j) }];
        case 'export':
          return [{ type: 'exported', json: model.export(request.state) }];
        case 'exportOnnx':
          return [{ type: 'exportedOnnx', bytes: toOnnx(model.network) }];
        case 'import': {
          const file = readModelFile(request.json, model.state);
          // your own points stay when the dataset does; else the saved settings' data is drawn
          const keep = this.custom && file.state.dataset === model.state.dataset;
          const next = new PlaygroundModel(file.state, keep ? [...model.train, ...model.test] : undefined);
          next.adopt(file.network, file.epoch);
          this.model = next;
          this.custom = keep;
          return [{ type: 'imported', state: file.state, problems: file.problems }, this.snapshot()];
        }
      }
    } catch (error) {
      return [{ type: 'error', message: (error as Error).message }];
    }
  }

  /** Trains `epochs` epochs and counts the steps per second of training time (not of drawing). */
  private train(model: PlaygroundModel, epochs: number): void {
    const start = this.now();
    for (let e = 0; e < epochs; e++) model.trainEpoch();
    if (epochs === 0) return;
    this.window.ms += this.now() - start;
    this.window.steps += epochs * model.stepsPerEpoch();
    if (this.window.ms >= WINDOW || this.rate === 0) {
      if (this.window.ms > 0) this.rate = (this.window.steps * 1000) / this.window.ms;
      if (this.window.ms >= WINDOW) this.window = { steps: 0, ms: 0 };
    }
  }

  private snapshot(heatmapSize = HEATMAP): Snapshot {
    const model = this.model as PlaygroundModel;
    const { output: heatmap } = model.grid(heatmapSize);
    const { output, neurons } = model.grid(NEURON);
    const dense = model.denseLayers();
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
      heatmapSize,
      output,
      neurons,
      weights: dense.map((d) => ({ rows: d.outputSize, cols: d.inputSize, data: Float64Array.from(d.weights.data) })),
      biases: dense.map((d) => Float64Array.from(d.bias.data)),
      stepsPerSecond: this.rate,
    };
  }
}
