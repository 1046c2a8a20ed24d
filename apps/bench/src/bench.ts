/**
 * pnpm bench: nn against brain.js, TensorFlow.js and numpy on this machine, side by side,
 * alternating, several repetitions; prints medians and ratios (`--json`: one JSON line per result).
 * `--quick` runs every workload small and once, to prove the harness works (CI runs it).
 * `--browser` also runs the matrix products and the MLP in Chromium (`--quick` always does, when
 * there is a Chromium); `--node24` runs the same bench again under Node 24 and compares;
 * `--threads N` runs nn's large matrix products on N threads (every core by default).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CommandLine,
  isPositiveInteger,
  optionalNumberOption,
  parseCommandLine,
  quoted,
  runCli,
  UsageError,
} from '@nn/cli-kit';
import { loadMnist } from '@nn/mnist';
import { matmulVariant } from '@nn/tensor';
import { startThreads } from '@nn/threads';
import { loadNames, splitNames } from '@nn/names';
import { inChromium } from './browser';
import { digitFiles } from './digit-files';
import type { Result } from './harness';
import { findNode24 } from './node24';
import { tfjsPeers, tfjsWasmSetup } from './peers';
import { lineChart } from './plot';
import { matmul } from './workloads/matmul';
import { describeNamesModel, lstm, lstmAllocationPerBatch } from './workloads/lstm';
import { heapAcrossEpochs } from './workloads/memory';
import { describeModel, mnist } from './workloads/mnist';
import { numpyMlp, numpyVersion } from './workloads/numpy';
import { xor } from './workloads/xor';

const WORKLOADS = ['xor', 'mlp', 'matmul', 'cnn', 'lstm', 'heap', 'batches'];
/**
 * Untimed XOR runs of each contender before the timed ones: a 10,000-epoch run takes a few
 * milliseconds once compiled, about as long as the JIT takes to compile it, so cold runs would
 * time the compiler. The first run is still shown.
 */
const XOR_WARMUPS = 5;
/**
 * Untimed runs of each MLP contender before the timed ones: an epoch of the MLP takes a third of a
 * second, and `nn`'s first two (compiling, then compiling again for the float64 row run between)
 * are a third slower than the rest; numpy's first is slower too. The first run is still shown.
 */
const MLP_WARMUPS = 2;

const OPTIONS = {
  quick: { type: 'boolean' },
  json: { type: 'boolean' },
  only: { type: 'string' },
  plot: { type: 'string' },
  browser: { type: 'boolean' },
  node24: { type: 'boolean' },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  // internal: the run under Node 24 that `--node24` starts writes its results there
  record: { type: 'string' },
} as const;

const HELP = `nn-bench: nn against brain.js, TensorFlow.js and numpy on this machine, side by side

Usage: pnpm bench [options]

Options:
  --quick          every workload small and once (CI): proves the harness works; includes the
                   browser and Node 24 runs when Chromium and Node 24 are there
  --only LIST      some workloads only, comma-separated: ${WORKLOADS.join(', ')}
  --browser        also the matrix products and the MLP in Chromium, against tfjs-wasm there
  --node24         then the same again under Node 24, and each result under both versions
  --threads N      nn's large matrix products on N threads (@nn/threads; default: every core)
  --json           one JSON line per result (and per skipped row)
  --plot FILE      write the MLP's samples/s against batch size as SVG (runs the batch sweep)
  -h, --help       show this help

Exit codes: 0 done, 1 a failure, 2 bad usage.
`;

runCli('nn-bench', async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), OPTIONS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${quoted(positionals[0]!)}`);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const unknown = values.only?.split(',').filter((w) => !WORKLOADS.includes(w));
  if (unknown?.length)
    throw new UsageError(`--only: no workload ${unknown.join(', ')} (there are ${WORKLOADS.join(', ')})`);
  const threads = optionalNumberOption(values, 'threads', isPositiveInteger, 'a positive integer');
  await bench(values, await startThreads(threads));
  return 0;
});

/** The whole run, as the options ask, nn's large matrix products on `threads` threads. */
async function bench(values: CommandLine<typeof OPTIONS>['values'], threads: number): Promise<void> {
  const only = values.only?.split(',');
  const wanted = (name: string) => only === undefined || only.includes(name);
  const quick = Boolean(values.quick);
  const json = Boolean(values.json);
  const reps = quick ? 1 : 5;
  /** The matrix products take a fraction of a second each: more repetitions steady their medians. */
  const matmulReps = quick ? 1 : 9;
  const matmulSizes = quick ? [64] : [128, 256, 512];
  /** Where the results ran: Node's version here, the browser's in the browser section. */
  const runtime = `Node ${process.version}`;
  const recorded: (Result & { runtime: string })[] = [];

  function say(text: string): void {
    if (!json) process.stdout.write(text);
  }

  function report(results: Result[], where = runtime): void {
    for (const r of results) {
      recorded.push({ ...r, runtime: where });
      if (json) {
        process.stdout.write(`${JSON.stringify({ ...r, runtime: where })}\n`);
        continue;
      }
      const value = figure(r.median);
      const cold = r.first === undefined ? '' : ` (first run ${figure(r.first)} ${r.unit})`;
      const ratio = r.nnAdvantage === undefined ? '' : `nn ${r.nnAdvantage.toFixed(2)}×`;
      process.stdout.write(
        `  ${r.contender.padEnd(26)} ${`${value} ${r.unit}`.padStart(16)}  ${ratio.padEnd(10)} ${r.quality ?? ''}${cold}\n`,
      );
    }
  }

  /** A median as the tables show it: whole from 100 up, else three significant digits. */
  function figure(v: number): string {
    return v >= 100 ? v.toFixed(0) : v.toPrecision(3);
  }

  /** A row or section that could not run here, and why: a line of the table, or a JSON line. */
  function skipped(what: string, why: string): string {
    if (json) process.stdout.write(`${JSON.stringify({ skipped: what, why, runtime })}\n`);
    return `${what}: skipped, ${why}`;
  }

  async function run(title: string, results: () => Promise<Result[]>): Promise<void> {
    say(`\n${title}\n`);
    report(await results());
  }

  say(
    `nn benchmark${quick ? ' (quick: small sizes, one repetition)' : `: medians of ${reps} alternating runs`}, ` +
      `${runtime}, ${availableParallelism()} cores, nn on ${threads} thread${threads === 1 ? '' : 's'} (--threads) with the ${matmulVariant() ?? 'JavaScript'} matrix product. "nn k×" is the advantage of the first nn row over that peer (>1: nn is faster).\n`,
  );
  if (['mlp', 'matmul', 'cnn', 'lstm', 'batches'].some(wanted) || values.plot !== undefined) {
    const tfjsWasm = await tfjsWasmSetup();
    say(`tfjs-wasm runs with ${tfjsWasm}.\n`);
    const nn = { threads, matmul: matmulVariant() };
    if (json) process.stdout.write(`${JSON.stringify({ runtime, cores: availableParallelism(), tfjsWasm, nn })}\n`);
  }
  if (wanted('xor')) {
    const warmups = quick ? 0 : XOR_WARMUPS;
    const title = quick
      ? 'XOR as in the notes (time, lower is better)'
      : `XOR as in the notes (time after ${warmups} untimed warm-up runs each, lower is better; the first, cold, run in brackets)`;
    await run(title, () => xor(quick ? 500 : 10_000, reps, warmups));
  }
  const data = loadMnist();
  /** Every step-th test digit: the test set is ordered by digit, so a prefix would hold one class. */
  const spread = <T>(items: T[], count: number) => items.filter((_, i) => i % Math.ceil(items.length / count) === 0);
  const small = { train: data.train.slice(0, quick ? 320 : 4000), test: spread(data.test, quick ? 200 : 2004) };
  const wasm = tfjsPeers(['wasm'])[0]!;
  // the MLP's digits as files, for the peers outside this process (numpy, the browser page)
  const inBrowser = (values.browser || quick) && values.record === undefined && (wanted('mlp') || wanted('matmul'));
  // numpy runs in the first run only: the Node 24 run (`--record`) changes nothing for it
  const numpy = wanted('mlp') && values.record === undefined ? numpyVersion() : undefined;
  const digits = (numpy && 'version' in numpy) || inBrowser ? digitFiles(small) : undefined;
  try {
    if (wanted('mlp')) {
      const others = digits && numpy && 'version' in numpy ? [numpyMlp(digits.folder, small.train.length, 32)] : [];
      await run(
        `MNIST MLP (training throughput${quick ? '' : ` after ${MLP_WARMUPS} untimed warm-up runs each`}, higher is better${quick ? '' : '; the first, cold, run in brackets'}), as pnpm mnist trains it:\n  ${describeModel('mlp')}` +
          (numpy && 'missing' in numpy ? `\n  (${skipped('numpy row', numpy.missing)})` : ''),
        () =>
          mnist(
            'mlp',
            small,
            32,
            reps,
            tfjsPeers(quick ? ['wasm'] : ['cpu', 'wasm']),
            ['float32'],
            others,
            quick ? 0 : MLP_WARMUPS,
          ),
      );
    }
    for (const n of wanted('matmul') ? matmulSizes : []) {
      await run(`Matrix product ${n}×${n} (higher is better)`, () => matmul(n, matmulReps, wasm));
    }
    const cnnData = { train: data.train.slice(0, quick ? 96 : 500), test: spread(data.test, quick ? 100 : 1000) };
    // tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel of its own: tfjs-peer.ts registers one
    // made of its native Conv3DBackpropFilterV2 on a depth-1 view, so that it can train the CNN at all.
    if (wanted('cnn'))
      await run(
        `MNIST CNN (training throughput, higher is better), as pnpm mnist trains it:\n  ${describeModel('cnn')}`,
        () => mnist('cnn', cnnData, 32, quick ? 1 : 3, tfjsPeers(quick ? ['wasm'] : ['cpu', 'wasm']), ['float32']),
      );
    if (wanted('lstm')) await names();
    // nn's float64 rows after every float32 headline: a loop V8 has run on both Float32Array and
    // Float64Array is compiled for both, and runs slower on each (the MLP in float32 trained
    // about 15 % slower with float64 epochs between its epochs), which a program that trains in
    // one type never pays
    if (wanted('mlp'))
      await run('MNIST MLP in float64 (measured after every float32 row, see docs/performance.md)', () =>
        mnist('mlp', small, 32, reps, [], ['float64'], [], quick ? 0 : MLP_WARMUPS),
      );
    if (wanted('cnn'))
      await run('MNIST CNN in float64 (measured after every float32 row)', () =>
        mnist('cnn', cnnData, 32, quick ? 1 : 3, [], ['float64']),
      );
    if (values.plot !== undefined || (only?.includes('batches') ?? false)) await batchSizes();
    if (wanted('heap')) heap();
    if (inBrowser && digits) await browserRun(digits.folder);
  } finally {
    digits?.close();
  }
  if (values.record !== undefined) writeFileSync(values.record, JSON.stringify(recorded));
  if ((values.node24 || quick) && values.record === undefined) node24();

  /**
   * The names LSTM of `pnpm names` (names per second of training, batch 32) against tfjs-layers'
   * lstm and brain.js's recurrent LSTM, then what its training loop allocates per batch.
   */
  async function names(): Promise<void> {
    const { train, validation } = splitNames(loadNames());
    await run(
      `Names LSTM (training throughput, higher is better${quick ? '' : '; medians of 3'}), as pnpm names trains it:\n  ${describeNamesModel()}`,
      () =>
        lstm(train.slice(0, quick ? 64 : 1024), validation.slice(0, quick ? 50 : 842), {
          batchSize: 32,
          repetitions: quick ? 1 : 3,
          peers: tfjsPeers(['wasm']), // tfjs-cpu took over a minute per epoch here: the goal is against wasm
          brainNames: quick ? 16 : 128,
        }),
    );
    const { typedArraysPerBatch, bytesPerBatch, bufferBytes, steps } = lstmAllocationPerBatch(quick ? 5 : 20);
    if (json)
      process.stdout.write(
        `${JSON.stringify({ workload: 'names LSTM allocation per batch', typedArraysPerBatch, bytesPerBatch, bufferBytes, runtime })}\n`,
      );
    say(
      `  a warm training batch (32 names of ${steps} steps) makes ${typedArraysPerBatch} typed arrays (tensor buffers); ` +
        `heap and buffer growth ${(bytesPerBatch / 1024).toFixed(0)} kB per batch, small objects and code ` +
        `(one batch's LSTM gate buffers alone are ${(bufferBytes / 1024).toFixed(0)} kB)\n`,
    );
  }

  /** MLP samples per second against batch size: nn (float64, float32) and tfjs-wasm, plotted with `--plot`. */
  async function batchSizes(): Promise<void> {
    const sizes = quick ? [8, 32] : [8, 16, 32, 64, 128];
    const train = { train: data.train.slice(0, quick ? 320 : 2000), test: spread(data.test, 200) };
    const series = [
      { name: 'nn (float64)', colour: '#0877bd', points: [] as { x: number; y: number }[] },
      { name: 'nn (float32)', colour: '#52a36b', points: [] as { x: number; y: number }[] },
      { name: 'tfjs 4.22 wasm', colour: '#f59322', points: [] as { x: number; y: number }[] },
    ];
    for (const batch of sizes) {
      const results = await mnist('mlp', train, batch, quick ? 1 : 3, [wasm], ['float64', 'float32']);
      say(`\nMNIST MLP, batch ${batch} (medians of ${quick ? 1 : 3})\n`);
      report(results);
      results.forEach((r, i) => series[i]!.points.push({ x: batch, y: r.median }));
    }
    if (values.plot !== undefined) {
      writeFileSync(
        values.plot,
        lineChart('MNIST MLP 784-128-10: training throughput', 'batch size', 'samples per second', series),
      );
      say(`wrote ${values.plot}\n`);
    }
  }

  function heap(): void {
    const heap = heapAcrossEpochs(5, quick ? 200 : 2000);
    const growth = ((heap[heap.length - 1]! - heap[0]!) / 1024).toFixed(1);
    if (json) process.stdout.write(`${JSON.stringify({ workload: 'heap during XOR fit', bytes: heap, runtime })}\n`);
    else
      process.stdout.write(
        `\nHeap during one XOR fit, after GC every ${quick ? 200 : 2000} epochs: ${heap.map((h) => `${(h / 1024 / 1024).toFixed(2)} MB`).join(', ')} (change ${growth} kB)\n`,
      );
  }

  /** The matrix products and the MLP again in Chromium, nn and tfjs-wasm in one page. */
  async function browserRun(digitFolder: string): Promise<void> {
    const ran = await inChromium(
      {
        matmulSizes: wanted('matmul') ? matmulSizes : [],
        matmulRepetitions: matmulReps,
        ...(wanted('mlp') ? { mlp: { batchSize: 32, repetitions: reps } } : {}),
      },
      digitFolder,
    );
    if ('missing' in ran) {
      say(`\n${skipped('In the browser', ran.missing)}\n`);
      return;
    }
    const { report: page, browser, source } = ran;
    say(
      `\nIn the browser: ${browser} (headless, from ${source}), ${page.cores} cores, ` +
        `${page.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated'}; tfjs-wasm runs with ${page.tfjsWasm}.\n`,
    );
    if (json) {
      const { cores, crossOriginIsolated, tfjsWasm } = page;
      process.stdout.write(`${JSON.stringify({ runtime: browser, source, cores, crossOriginIsolated, tfjsWasm })}\n`);
    }
    for (const section of page.sections) {
      say(`\n${section.title}, in ${browser}\n`);
      report(section.results, browser);
    }
  }

  /**
   * The same bench again under Node 24 (its binary where CI keeps it, see `findNode24`), then each
   * result under both versions side by side. Without Node 24, says how to get it.
   */
  function node24(): void {
    const found = findNode24();
    if ('missing' in found) {
      say(`\n${skipped('Under Node 24', found.missing)}\n`);
      return;
    }
    say(`\nThe same again under Node ${found.version}\n`);
    const folder = mkdtempSync(join(tmpdir(), 'nn-bench-node24-'));
    try {
      const file = join(folder, 'results.json');
      // the same workloads and sizes; the browser, numpy and the plot are this run's alone
      const args = [
        ...(quick ? ['--quick'] : []),
        ...(json ? ['--json'] : []),
        ...(values.only === undefined ? [] : [`--only=${values.only}`]),
        ...(values.threads === undefined ? [] : [`--threads=${values.threads}`]),
        `--record=${file}`,
      ];
      const child = spawnSync(found.path, [process.argv[1]!, ...args], { stdio: 'inherit' });
      if (child.status !== 0)
        throw new Error(`the bench under Node ${found.version} failed (exit code ${child.status})`);
      const other = JSON.parse(readFileSync(file, 'utf8')) as typeof recorded;
      say(
        `\n${runtime} against Node ${found.version} (medians; the last column is Node 24 over ${process.version}, > 1: faster under Node 24)\n`,
      );
      for (const r of recorded.filter((r) => r.runtime === runtime)) {
        const o = other.find((o) => o.workload === r.workload && o.contender === r.contender);
        if (o === undefined) continue;
        const gain = r.higherIsBetter ? o.median / r.median : r.median / o.median;
        say(
          `  ${`${r.workload}: ${r.contender}`.padEnd(64)} ${figure(r.median).padStart(8)} ${figure(o.median).padStart(8)} ${r.unit.padEnd(10)} ${gain.toFixed(2)}×\n`,
        );
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
}
