import { describe, expect, it } from 'vitest';
import { Dense, Dropout, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { InvalidOptionError, Rng, Tensor } from '@nn/tensor';
import { Adam, DivergenceError, type FitOptions, fit, fitAsync, parametersOf, stepDecay } from '@nn/train';
import { xorNetwork, xorX, xorY } from './xor';

const bits = (network: readonly { parameters(): unknown }[]) =>
  Buffer.from(new Float64Array(parametersOf(network as never).flatMap((p) => [...p.value.data])).buffer).toString(
    'hex',
  );

/** 64 points in a square, labelled ±1 by a circle: enough batches per epoch to pause between. */
function circle(): [Tensor[], Tensor[]] {
  const rng = new Rng(9);
  const x = Array.from({ length: 64 }, () => Tensor.from([[rng.uniform() * 2 - 1], [rng.uniform() * 2 - 1]]));
  const y = x.map((p) => Tensor.from([[p.data[0]! ** 2 + p.data[1]! ** 2 < 0.5 ? 1 : -1]]));
  return [x, y];
}
const circleNetwork = () => {
  const rng = new Rng(3);
  return [new Dense(2, 8, { rng }), new Tanh(), new Dropout(0.1, new Rng(5)), new Dense(8, 1, { rng }), new Tanh()];
};

describe('fitAsync', () => {
  it('trains bit for bit as fit does, pausing after every batch, with shuffling, dropout, Adam, a schedule, validation and early stopping', async () => {
    const [x, y] = circle();
    const options = (): FitOptions => ({
      epochs: 40,
      batchSize: 8,
      shuffle: true,
      rng: new Rng(11),
      optimizer: new Adam(),
      learningRate: stepDecay(0.05, { every: 10 }),
      validationSplit: 0.25,
      metrics: ['accuracy'],
      earlyStopping: { monitor: 'valAccuracy', patience: 15 },
      accuracy: true,
    });
    const [a, b] = [circleNetwork(), circleNetwork()];
    const synchronous = fit(a, mse, msePrime, x, y, options());
    let pauses = 0;
    const timer = setInterval(() => pauses++, 0);
    const asynchronous = await fitAsync(b, mse, msePrime, x, y, { ...options(), yieldEvery: 0 });
    clearInterval(timer);
    expect(asynchronous).toEqual(synchronous);
    expect(bits(b)).toBe(bits(a));
    expect(pauses).toBeGreaterThan(0); // timers ran while it trained
    expect(b.every((layer) => !layer.training)).toBe(true);
  });

  it('stops within 100 ms of an abort, resolving as fit does with stopped: signal, while timers keep running', async () => {
    // measured: from the abort event (a timer that fires while training runs) to fitAsync
    // resolving; a run of 10⁹ XOR epochs would otherwise take hours. Training pauses every 10 ms,
    // so the abort is seen within about 10 ms plus one batch; 100 ms is a generous bound on a busy
    // machine. The timer is set once training has begun (after epoch 5), so however slow the start
    // (a cold engine on a loaded machine), the abort comes during training.
    const controller = new AbortController();
    let abortedAt = Number.NaN;
    controller.signal.addEventListener('abort', () => {
      abortedAt = performance.now();
    });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const result = await fitAsync(xorNetwork(1), mse, msePrime, xorX(), xorY(), {
      epochs: 1e9,
      learningRate: 0.1,
      signal: controller.signal,
      onEpoch: ({ epoch }) => {
        if (epoch === 5) setTimeout(() => controller.abort(), 50);
      },
    });
    const resolvedAt = performance.now();
    clearInterval(timer);
    expect(result.stopped).toBe('signal');
    expect(result.epochs).toBeGreaterThan(5);
    expect(resolvedAt - abortedAt).toBeLessThan(100);
    expect(ticks).toBeGreaterThan(0);
  });

  it('rejects as fit throws: bad options, and divergence with the parameters restored', async () => {
    await expect(fitAsync(xorNetwork(1), mse, msePrime, xorX(), xorY(), { epochs: 0 })).rejects.toThrow(
      new InvalidOptionError('fitAsync: epochs must be a positive integer, got 0'),
    );
    await expect(fitAsync(xorNetwork(1), mse, msePrime, xorX(), xorY(), { yieldEvery: -1 })).rejects.toThrow(
      'fitAsync: yieldEvery must be a finite number of milliseconds ≥ 0, got -1',
    );
    let calls = 0;
    const explodes = (yTrue: Tensor, yPred: Tensor) => (++calls > 6 ? Number.NaN : mse(yTrue, yPred));
    const network = xorNetwork(1);
    const trained = xorNetwork(1);
    fit(trained, mse, msePrime, xorX(), xorY(), { epochs: 1 });
    const error = await fitAsync(network, explodes, msePrime, xorX(), xorY(), { epochs: 5 }).catch((e) => e);
    expect(error).toBeInstanceOf(DivergenceError);
    expect(error.epoch).toBe(2);
    expect(bits(network)).toBe(bits(trained)); // as after epoch 1
  });
});
