/**
 * How many threads to start when `threads` are asked for on a machine of `cores` cores: one per
 * core at most. More threads than cores only take turns on them, each with its own memory (96
 * threads on 2 cores took 790 MB and made a product 7 times slower), so a larger count is capped
 * at `cores`, with a warning naming the cap. A count that is not a positive integer is left for
 * `useMatmulThreads` to refuse; `cores` unknown (undefined) caps nothing.
 */
export function capThreads(threads: number, cores: number | undefined): number {
  if (!(Number.isInteger(threads) && cores !== undefined && Number.isInteger(cores) && cores >= 1 && threads > cores)) {
    return threads;
  }
  console.warn(
    `startThreads: ${threads} threads asked for, but this machine has ${cores} core${cores === 1 ? '' : 's'}: starting ${cores} (more threads than cores only take turns on them, each with its own memory)`,
  );
  return cores;
}
