import { describe, expect, it } from 'vitest';
import { mse, msePrime } from '@nn/losses';
import { Dense, Tanh } from '@nn/layers';
import { InvalidOptionError, Rng, Tensor } from '@nn/tensor';
import { Adam, backward, type EpochInfo, fit, forward, predict } from '@nn/train';
import { xorNetwork, xorX, xorY } from './xor';

describe('fit and predict', () => {
  it("learns XOR from a seed with the notes' settings", () => {
    const network = xorNetwork(42);
    const { errors } = fit(network, mse, msePrime, xorX(), xorY(), { epochs: 1000, learningRate: 0.1 });
    expect(errors).toHaveLength(1000);
    expect(errors[999]!).toBeLessThan(0.01);
    expect(errors[999]!).toBeLessThan(errors[0]!);
    const outputs = xorX().map((x) => predict(network, x).data[0]!);
    expect(outputs.map((o) => (o > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
  });

  it('learns XOR in float32 too, with float32 data, in batches and with an optimizer', () => {
    const rng = new Rng(42);
    const network = [
      new Dense(2, 3, { rng, dtype: 'float32' }),
      new Tanh(),
      new Dense(3, 1, { rng, dtype: 'float32' }),
      new Tanh(),
    ];
    const [x, y] = [xorX().map((t) => t.astype('float32')), xorY().map((t) => t.astype('float32'))];
    const { errors } = fit(network, mse, msePrime, x, y, {
      epochs: 500,
      learningRate: 0.05,
      batchSize: 2,
      optimizer: new Adam(),
    });
    expect(errors[499]!).toBeLessThan(0.01);
    const outputs = x.map((xi) => predict(network, xi));
    expect(outputs.every((o) => o.dtype === 'float32')).toBe(true);
    expect(outputs.map((o) => (o.data[0]! > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
  });

  it('calls onEpoch once an epoch with the mean error', () => {
    const seen: EpochInfo[] = [];
    const { errors } = fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), {
      epochs: 5,
      learningRate: 0.1,
      onEpoch: (info) => seen.push(info),
    });
    expect(seen.map((s) => s.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((s) => s.error)).toEqual(errors);
    expect(seen[0]!.epochs).toBe(5);
  });

  it('the first epoch error is the mean of the per-sample losses, each taken before that sample updates', () => {
    const network = xorNetwork(3);
    const x = xorX();
    const y = xorY();
    // Replay the notes' loop by hand for one epoch.
    const copy = xorNetwork(3);
    let expected = 0;
    for (let k = 0; k < 4; k++) {
      const out = predict(copy, x[k]!);
      expected += mse(y[k]!, out);
      let grad = msePrime(y[k]!, out);
      for (let l = copy.length - 1; l >= 0; l--) grad = copy[l]!.backward(grad, 0.1);
    }
    const { errors } = fit(network, mse, msePrime, x, y, { epochs: 1, learningRate: 0.1 });
    expect(errors[0]).toBe(expected / 4);
  });

  it('rejects bad options with a named error', () => {
    const net = xorNetwork(1);
    const run =
      (options: object, x = xorX(), y = xorY()) =>
      () =>
        fit(net, mse, msePrime, x, y, options);
    expect(run({ epochs: 0 })).toThrow(new InvalidOptionError('fit: epochs must be a positive integer, got 0'));
    expect(run({ epochs: 2.5 })).toThrow(InvalidOptionError);
    expect(run({ learningRate: -1 })).toThrow(
      'fit: learningRate must be a positive finite number or a Schedule (stepDecay(0.1), …), got -1',
    );
    expect(run({ learningRate: Number.NaN })).toThrow(InvalidOptionError);
    expect(run({}, xorX(), xorY().slice(1))).toThrow(
      'fit: xTrain has 4 samples but yTrain has 3, expected one target per input',
    );
    expect(run({}, [], [])).toThrow('fit: the training set is empty');
  });

  it('predict runs in inference mode and fit leaves the network there', () => {
    const net = xorNetwork(1);
    fit(net, mse, msePrime, xorX(), xorY(), { epochs: 1, learningRate: 0.1 });
    expect(net.every((l) => !l.training)).toBe(true);
  });
});

describe('forward and backward', () => {
  it('are the two halves of one fit step: layer by layer, then in reverse with the learning rate', () => {
    const [a, b] = [xorNetwork(3), xorNetwork(3)];
    const x = Tensor.from([[1], [0]]);
    const dY = Tensor.from([[0.5]]);
    const y = forward(a, x).clone();
    let manual = x;
    for (const layer of b) manual = layer.forward(manual);
    expect(y.data).toEqual(manual.data);
    const dX = backward(a, dY, 0.1).clone();
    let g = dY;
    for (let l = b.length - 1; l >= 0; l--) g = b[l]!.backward(g, 0.1);
    expect(dX.shape).toEqual([2, 1]);
    expect(dX.data).toEqual(g.data);
    expect((a[0] as Dense).weights.data).toEqual((b[0] as Dense).weights.data);
    expect((a[0] as Dense).weights.data).not.toEqual((xorNetwork(3)[0] as Dense).weights.data);
  });
});
