/**
 * The numpy row does the same work as nn's: python/mnist_mlp.py, trained on the same digits with
 * the same network and settings, reaches the accuracy nn reaches. Needs python3 with numpy; CI
 * without it says so in the skipped test's name.
 */
import { buildModel, loadMnist, toInput, toTarget } from '@nn/mnist';
import { softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import { Rng } from '@nn/tensor';
import { evaluate, fit } from '@nn/train';
import { afterAll, describe, expect, it } from 'vitest';
import { digitFiles } from '../src/digit-files';
import { numpyMlp, numpyVersion } from '../src/workloads/numpy';

const numpy = numpyVersion();

describe('the numpy MLP', () => {
  const data = loadMnist();
  const step = Math.ceil(data.test.length / 1000);
  const digits = { train: data.train.slice(0, 2000), test: data.test.filter((_, i) => i % step === 0) };
  const files = 'version' in numpy ? digitFiles(digits) : undefined;
  afterAll(() => files?.close());

  it.skipIf(!('version' in numpy))(
    `reaches nn's test accuracy on the same digits (${'missing' in numpy ? `skipped: ${numpy.missing}` : `numpy ${numpy.version}`})`,
    async () => {
      const contender = numpyMlp(files!.folder, digits.train.length, 32);
      const numpyAccuracies = [];
      for (let run = 0; run < 2; run++) {
        const { value, quality } = await contender.run();
        expect(value).toBeGreaterThan(0);
        numpyAccuracies.push(Number(/test accuracy ([\d.]+)/.exec(quality ?? '')![1]));
      }
      const rng = new Rng(1);
      const { network, optimizer, learningRate } = buildModel('mlp', { rng, dtype: 'float32' });
      const convert = (t: ReturnType<typeof toTarget>) => t.astype('float32');
      const x = digits.train.map((d) => convert(toInput(d, 'column')));
      const y = digits.train.map((d) => convert(toTarget(d)));
      fit(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, x, y, {
        epochs: 1,
        batchSize: 32,
        learningRate,
        optimizer,
        shuffle: true,
        rng,
      });
      const xt = digits.test.map((d) => convert(toInput(d, 'column')));
      const yt = digits.test.map((d) => convert(toTarget(d)));
      const { accuracy } = evaluate(network, xt, yt);
      expect(accuracy).toBeGreaterThan(0.75);
      // two seeds of numpy both land near nn (one epoch on 2,000 digits varies by about ±0.02)
      for (const a of numpyAccuracies) expect(Math.abs(a - accuracy)).toBeLessThan(0.05);
    },
  );
});
