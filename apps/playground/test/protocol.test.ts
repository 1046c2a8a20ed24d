import { describe, expect, it } from 'vitest';
import { HEATMAP, NEURON, QUICK_HEATMAP, type Reply, Session, type Snapshot } from '../src/protocol';
import { defaultState } from '../src/state';

const only = (replies: Reply[]) => {
  expect(replies).toHaveLength(1);
  return replies[0]!;
};
const snapshot = (replies: Reply[]) => {
  const reply = only(replies);
  expect(reply.type).toBe('snapshot');
  return reply as Snapshot;
};

describe("the training worker's message protocol", () => {
  it('init answers with a snapshot of everything the page draws', () => {
    const s = snapshot(new Session().handle({ type: 'init', state: { ...defaultState(), networkShape: [3] } }));
    expect(s.epoch).toBe(0);
    expect(s.features).toEqual(['x1', 'x2']);
    expect(s.heatmap).toHaveLength(HEATMAP * HEATMAP);
    expect(s.heatmapSize).toBe(HEATMAP);
    expect(s.output).toHaveLength(NEURON * NEURON);
    expect(s.neurons.map((layer) => layer.length)).toEqual([3]);
    expect(s.weights.map((w) => [w.rows, w.cols])).toEqual([
      [3, 2],
      [1, 3],
    ]);
    expect(s.train.length + s.test.length).toBe(400);
  });

  it('train runs epochs; setWeight changes one weight; export and import round-trip', () => {
    const session = new Session();
    session.handle({ type: 'init', state: defaultState() });
    const quick = snapshot(session.handle({ type: 'train', epochs: 1, quick: true }));
    expect([quick.heatmapSize, quick.heatmap.length]).toEqual([QUICK_HEATMAP, QUICK_HEATMAP ** 2]);
    const trained = snapshot(session.handle({ type: 'train', epochs: 2 }));
    expect(trained.epoch).toBe(3);
    const again = snapshot(session.handle({ type: 'train', epochs: 0 }));
    expect([again.epoch, again.heatmap]).toEqual([3, trained.heatmap]);
    const edited = snapshot(session.handle({ type: 'setWeight', layer: 0, j: 1, i: 0, value: 2.5 }));
    expect(edited.weights[0]!.data[1 * 2 + 0]).toBe(2.5);
    const exported = only(session.handle({ type: 'export', state: defaultState() }));
    expect(exported.type).toBe('exported');
    const other = new Session();
    other.handle({ type: 'init', state: defaultState() });
    const replies = other.handle({ type: 'import', json: (exported as { json: string }).json });
    expect(replies[0]).toEqual({ type: 'imported', state: defaultState(), problems: [] });
    const imported = replies[1] as Snapshot;
    expect(imported.heatmap).toEqual(edited.heatmap);
    expect(imported.epoch).toBe(3);
    expect(only(session.handle({ type: 'exportOnnx' })).type).toBe('exportedOnnx');
  });

  it('configure, addPoint and setBias keep the network and its epoch', () => {
    const session = new Session();
    session.handle({ type: 'init', state: defaultState() });
    const s1 = snapshot(session.handle({ type: 'train', epochs: 1 }));
    const count = s1.train.length; // the worker's own array: in a worker, the page gets a copy
    const configured = snapshot(session.handle({ type: 'configure', state: { ...defaultState(), learningRate: 0.3 } }));
    expect(configured.epoch).toBe(1);
    expect(configured.weights).toEqual(s1.weights);
    const added = snapshot(session.handle({ type: 'addPoint', point: { x1: 0, x2: 0, label: 1 } }));
    expect(added.train).toHaveLength(count + 1);
    expect(added.epoch).toBe(1);
    const biased = snapshot(session.handle({ type: 'setBias', layer: 1, j: 0, value: 3 }));
    expect(biased.biases[1]![0]).toBe(3);
    expect(biased.heatmap).not.toEqual(added.heatmap);
    expect(only(session.handle({ type: 'setBias', layer: 1, j: 5, value: 3 })).type).toBe('error');
  });

  it('steps per second: the steps of the trained epochs over their training time', () => {
    // a clock that moves 40 ms while each epoch trains (read before and after)
    let [clock, reads] = [0, 0];
    const session = new Session(() => (reads++ % 2 === 0 ? clock : (clock += 40)));
    expect(snapshot(session.handle({ type: 'init', state: defaultState() })).stepsPerSecond).toBe(0);
    // 200 training points in batches of 10: 20 steps in 40 ms
    expect(snapshot(session.handle({ type: 'train', epochs: 1 })).stepsPerSecond).toBeCloseTo(500, 9);
    expect(snapshot(session.handle({ type: 'train', epochs: 2 })).stepsPerSecond).toBeCloseTo(500, 9);
  });

  it('explain answers with the equations of a neuron', () => {
    const session = new Session();
    session.handle({ type: 'init', state: defaultState() });
    const reply = only(session.handle({ type: 'explain', column: 1, j: 0 }));
    expect(reply.type).toBe('explained');
    expect((reply as { text: string }).text).toContain('Y = W·X + B');
  });

  it('errors are answers, never exceptions', () => {
    const session = new Session();
    expect(only(session.handle({ type: 'train', epochs: 1 }))).toEqual({
      type: 'error',
      message: "'train' before 'init'",
    });
    session.handle({ type: 'init', state: defaultState() });
    expect(only(session.handle({ type: 'import', json: '{"format": "keras"}' })).type).toBe('error');
    expect(only(session.handle({ type: 'setWeight', layer: 9, j: 0, i: 0, value: 1 })).type).toBe('error');
  });
});
