/** Runs contenders alternately, several times, and reports medians and ratios. */

/** One measurement of one contender: the metric, and what it reached (so speed is never bought with wrong results). */
export interface Sample {
  value: number;
  quality?: string;
}

export interface Contender {
  name: string;
  run: () => Promise<Sample> | Sample;
}

export interface Result {
  workload: string;
  contender: string;
  unit: string;
  higherIsBetter: boolean;
  median: number;
  values: number[];
  quality?: string;
  /** The first (headline) nn contender's advantage over this peer: > 1 means nn is better (faster or more throughput). */
  nnAdvantage?: number;
  /** With warm-up runs: the very first run's value (a cold start: the JIT not yet warm), not in the median. */
  first?: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Runs every contender `repetitions` times, alternating (nn, peer, nn, peer, …) so that a slow
 * moment of the shared machine falls on all of them, and returns one result per contender. With
 * `warmups`, each first runs that many times, alternating too, untimed but for the very first
 * run, which the result keeps as `first` (a cold start), so that the median measures code the
 * JIT has compiled.
 */
export async function compare(
  workload: string,
  unit: string,
  higherIsBetter: boolean,
  contenders: Contender[],
  repetitions: number,
  warmups = 0,
): Promise<Result[]> {
  const values = contenders.map(() => [] as number[]);
  const quality: (string | undefined)[] = contenders.map(() => undefined);
  const first: (number | undefined)[] = contenders.map(() => undefined);
  for (let r = 0; r < warmups + repetitions; r++) {
    for (const [i, contender] of contenders.entries()) {
      const sample = await contender.run();
      if (r === 0 && warmups > 0) first[i] = sample.value;
      if (r < warmups) continue;
      values[i]!.push(sample.value);
      quality[i] = sample.quality;
    }
  }
  const results = contenders.map((c, i) => ({
    workload,
    contender: c.name,
    unit,
    higherIsBetter,
    median: median(values[i]!),
    values: values[i]!,
    ...(quality[i] ? { quality: quality[i] } : {}),
    ...(first[i] !== undefined ? { first: first[i] } : {}),
  }));
  // the first contender is nn's headline; the peers' rows carry its advantage over them
  const nn = results[0]!;
  return results.map((r) =>
    r.contender.startsWith('nn')
      ? r
      : { ...r, nnAdvantage: higherIsBetter ? nn.median / r.median : r.median / nn.median },
  );
}

/** Seconds taken by `f`. */
export async function seconds(f: () => unknown): Promise<number> {
  const start = performance.now();
  await f();
  return (performance.now() - start) / 1000;
}
