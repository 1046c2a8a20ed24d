import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_SPECS } from '@nn/mnist';
import type { Contender } from '../harness';

/** The numpy MLP, in `python/`: next to `dist/` for the built command, two folders up from here for the tests. */
const SCRIPT = ['../python/mnist_mlp.py', '../../python/mnist_mlp.py']
  .map((path) => fileURLToPath(new URL(path, import.meta.url)))
  .find((path) => existsSync(path));
const PYTHON = 'python3';

/** numpy's version, or why the numpy row cannot run here. */
export function numpyVersion(): { version: string } | { missing: string } {
  if (SCRIPT === undefined) return { missing: 'python/mnist_mlp.py is missing' };
  const found = spawnSync(PYTHON, ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  if (found.error) return { missing: `no ${PYTHON} on PATH` };
  if (found.status !== 0) return { missing: `${PYTHON} has no numpy` };
  return { version: found.stdout.trim() };
}

/**
 * The numpy peer of the MNIST MLP: `python/mnist_mlp.py` trains the network of `MODEL_SPECS.mlp`
 * (the same layers, initial distributions, loss, optimizer and learning rate) in float32 on the
 * `count` training digits of `folder` (written by `digitFiles`, the digits nn trains on): one
 * epoch in shuffled batches of `batchSize`, then test accuracy. Each run starts Python anew and
 * times the epoch alone, inside Python, as nn's row times `fit` alone.
 */
export function numpyMlp(folder: string, count: number, batchSize: number): Contender {
  writeFileSync(join(folder, 'spec.json'), JSON.stringify({ spec: MODEL_SPECS.mlp, batchSize }));
  let seed = 0;
  return {
    name: 'numpy (float32)',
    run: () => {
      const run = spawnSync(PYTHON, [SCRIPT!, folder, String(++seed)], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${PYTHON} mnist_mlp.py failed: ${run.stderr.trim() || run.error}`);
      const result = JSON.parse(run.stdout) as { seconds: number; accuracy: number; blasThreads: number | null };
      const threads = result.blasThreads === null ? 'its BLAS threads unknown' : `BLAS ${result.blasThreads} threads`;
      return {
        value: count / result.seconds,
        quality: `test accuracy ${result.accuracy.toFixed(3)}, ${threads}`,
      };
    },
  };
}
