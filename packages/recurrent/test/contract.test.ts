/**
 * Every layer type this package registers keeps the layer contract: the types are read from the
 * registry (those registered by importing '@nn/recurrent'), so a new layer without an example here fails.
 * This file imports the packages dynamically, to see the registry before and after.
 */
import { describe, expect, it } from 'vitest';
import type { Layer } from '@nn/layers';

describe('the layer types of @nn/recurrent', () => {
  it('each has an example that keeps the layer contract (shapes, batches, finite differences, file format)', async () => {
    const { Dense, layerTypes, Tanh } = await import('@nn/layers');
    const { checkLayerContract, untestedLayerTypes } = await import('@nn/layers/testing');
    const { Rng } = await import('@nn/tensor');
    const before = layerTypes();
    const { GRU, LSTM, RNN, TimeDistributed } = await import('@nn/recurrent');
    const added = layerTypes().filter((type) => !before.includes(type));
    expect(added.length).toBeGreaterThan(0);
    const rng = new Rng(5);
    const random = <T extends Layer>(layer: T): T => {
      for (const p of layer.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] = 0.5 * rng.normal();
      return layer;
    };
    const examples: [Layer, number[]][] = [
      [random(new RNN(3, 4, { rng })), [3, 5]],
      [random(new LSTM(3, 4, { rng, returnSequences: true })), [3, 5]],
      [random(new GRU(3, 4, { rng })), [3, 5]],
      [new TimeDistributed(new Dense(3, 2, { rng })), [3, 4]],
      [new TimeDistributed(new Tanh()), [2, 3]],
    ];
    // Embedding takes token ids, at which nothing is differentiable: its own tests check it
    expect(
      untestedLayerTypes(
        examples.map(([layer]) => layer),
        added,
      ),
    ).toEqual(['Embedding']);
    for (const [layer, sample] of examples) checkLayerContract(layer, sample);
  });
});
