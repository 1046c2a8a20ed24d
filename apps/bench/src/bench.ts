/**
 * pnpm bench: nn against brain.js and TensorFlow.js on this machine, side by side, alternating,
 * several repetitions; prints medians and ratios (`--json`: one JSON line per result).
 * `--quick` runs every workload small and once, to prove the harness works (CI runs it).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadMnist } from '@nn/mnist';
import { matmulVariant } from '@nn/tensor';
import { startThreads } from '@nn/threads';
import type { Result } from './harness';
import { lineChart } from './plot';
import { matmul } from './workloads/matmul';
import { heapAcrossEpochs } from './workloads/memory';
import { describeModel, mnist } from './workloads/mnist';
import { xor } from './workloads/xor';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
    only: { type: 'string' },
    plot: { type: 'string' },
    threads: { type: 'string' },
  },
});
/**
 * `--only xor,mlp` runs just those workloads (xor, mlp, matmul, cnn, heap, batches); `--plot FILE`
 * also writes the MLP's samples per second against batch size, nn (float64, float32) and tfjs-wasm, as SVG;
 * `--threads N` runs nn's large matrix products on N threads (every core by default).
 */
const only = values.only?.split(',');
const wanted = (name: string) => only === undefined || only.includes(name);
const quick = Boolean(values.quick);
const json = Boolean(values.json);
const reps = quick ? 1 : 5;
/** The matrix products take a fraction of a second each: more repetitions steady their medians. */
const matmulReps = quick ? 1 : 9;
/** `--threads N`: how many threads nn's large matrix products use (@nn/threads); every core by default. */
const threadsAsked = values.threads === undefined ? undefined : Number(values.threads);
if (threadsAsked !== undefined && !(Number.isInteger(threadsAsked) && threadsAsked >= 1)) {
  process.stderr.write(`nn-bench: --threads must be a positive integer, got ${JSON.stringify(values.threads)}\n`);
  process.exit(2);
}
const threads = await startThreads(threadsAsked);

function report(results: Result[]): void {
  for (const r of results) {
    if (json) {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      continue;
    }
    const value = r.median >= 100 ? r.median.toFixed(0) : r.median.toPrecision(3);
    const ratio = r.nnAdvantage === undefined ? '' : `nn ${r.nnAdvantage.toFixed(2)}×`;
    process.stdout.write(
      `  ${r.contender.padEnd(26)} ${`${value} ${r.unit}`.padStart(16)}  ${ratio.padEnd(10)} ${r.quality ?? ''}\n`,
    );
  }
}

async function run(title: string, results: () => Promise<Result[]>): Promise<void> {
  if (!json) process.stdout.write(`\n${title}\n`);
  report(await results());
}

if (!json) {
  process.stdout.write(
    `nn benchmark${quick ? ' (quick: small sizes, one repetition)' : `: medians of ${reps} alternating runs`}, ` +
      `Node ${process.version}, nn on ${threads} thread${threads === 1 ? '' : 's'} (--threads), matrix product ${matmulVariant() ?? 'JavaScript'}. "nn k×" is the advantage of the first nn row over that peer (>1: nn is faster).\n`,
  );
}
if (wanted('xor')) await run('XOR as in the notes (time, lower is better)', () => xor(quick ? 500 : 10_000, reps));
const data = loadMnist();
/** Every step-th test digit: the test set is ordered by digit, so a prefix would hold one class. */
const spread = <T>(items: T[], count: number) => items.filter((_, i) => i % Math.ceil(items.length / count) === 0);
const small = { train: data.train.slice(0, quick ? 320 : 4000), test: spread(data.test, quick ? 200 : 2004) };
if (wanted('mlp'))
  await run(
    `MNIST MLP (training throughput, higher is better), as pnpm mnist trains it:\n  ${describeModel('mlp')}`,
    () => mnist('mlp', small, 32, reps, quick ? ['wasm'] : ['cpu', 'wasm'], ['float64', 'float32']),
  );
for (const n of wanted('matmul') ? (quick ? [64] : [128, 256, 512]) : []) {
  await run(`Matrix product ${n}×${n} (higher is better)`, () => matmul(n, matmulReps));
}
const cnnData = { train: data.train.slice(0, quick ? 96 : 500), test: spread(data.test, quick ? 100 : 1000) };
// tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel of its own: peers.ts registers one made
// of its native Conv3DBackpropFilterV2 on a depth-1 view, so that it can train the CNN at all.
if (wanted('cnn'))
  await run(
    `MNIST CNN (training throughput, higher is better), as pnpm mnist trains it:\n  ${describeModel('cnn')}`,
    () => mnist('cnn', cnnData, 32, quick ? 1 : 3, quick ? ['wasm'] : ['cpu', 'wasm'], ['float64', 'float32']),
  );
if (values.plot !== undefined || (only?.includes('batches') ?? false)) {
  const sizes = quick ? [8, 32] : [8, 16, 32, 64, 128];
  const train = { train: data.train.slice(0, quick ? 320 : 2000), test: spread(data.test, 200) };
  const series = [
    { name: 'nn (float64)', colour: '#0877bd', points: [] as { x: number; y: number }[] },
    { name: 'nn (float32)', colour: '#52a36b', points: [] as { x: number; y: number }[] },
    { name: 'tfjs 4.22 wasm', colour: '#f59322', points: [] as { x: number; y: number }[] },
  ];
  for (const batch of sizes) {
    const results = await mnist('mlp', train, batch, quick ? 1 : 3, ['wasm'], ['float64', 'float32']);
    if (!json) process.stdout.write(`\nMNIST MLP, batch ${batch} (medians of ${quick ? 1 : 3})\n`);
    report(results);
    results.forEach((r, i) => series[i]!.points.push({ x: batch, y: r.median }));
  }
  if (values.plot !== undefined) {
    writeFileSync(
      values.plot,
      lineChart('MNIST MLP 784-128-10: training throughput', 'batch size', 'samples per second', series),
    );
    if (!json) process.stdout.write(`wrote ${values.plot}\n`);
  }
}
if (wanted('heap')) {
  const heap = heapAcrossEpochs(5, quick ? 200 : 2000);
  const growth = ((heap[heap.length - 1]! - heap[0]!) / 1024).toFixed(1);
  if (json) process.stdout.write(`${JSON.stringify({ workload: 'heap during XOR fit', bytes: heap })}\n`);
  else
    process.stdout.write(
      `\nHeap during one XOR fit, after GC every ${quick ? 200 : 2000} epochs: ${heap.map((h) => `${(h / 1024 / 1024).toFixed(2)} MB`).join(', ')} (change ${growth} kB)\n`,
    );
}
