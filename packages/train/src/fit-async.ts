import type { Loss, LossPrime } from '@nn/losses';
import { InvalidOptionError } from '@nn/tensor';
import { type FitOptions, type FitResult, fitSteps } from './fit';
import type { Network } from '@nn/layers';
import type { Samples } from './rows';

/** Options of `fitAsync`: those of `fit`, and how much work runs between two pauses. */
export interface FitAsyncOptions extends FitOptions {
  /**
   * Milliseconds of training between two pauses, 10 by default: a pause lets timers, an
   * `AbortSignal` and a page's events run, and costs a macrotask (well under 1 ms), so
   * the overhead stays small. Training always pauses between batches, never inside one.
   */
  yieldEvery?: number;
}

/**
 * `fit`, letting the event loop run between batches: an `AbortSignal` (`signal`), timers and a
 * page stay responsive while it trains. It runs `fit`'s own loop, so with the same seed and
 * options it trains bit for bit as `fit` does, and resolves with what `fit` returns (an abort
 * resolves with `stopped: 'signal'`). It pauses after the batch during which `yieldEvery` ms of
 * work (10 by default) have gone by since the last pause.
 */
export async function fitAsync(
  network: Network,
  loss: Loss,
  lossPrime: LossPrime,
  xTrain: Samples,
  yTrain: Samples,
  options: FitAsyncOptions = {},
): Promise<FitResult> {
  const { yieldEvery = 10 } = options ?? {};
  if (!(typeof yieldEvery === 'number' && yieldEvery >= 0 && yieldEvery < Number.POSITIVE_INFINITY)) {
    throw new InvalidOptionError(`fitAsync: yieldEvery must be a finite number of milliseconds ≥ 0, got ${yieldEvery}`);
  }
  const steps = fitSteps('fitAsync', network, loss, lossPrime, xTrain, yTrain, options);
  let since = performance.now();
  let batches = 0; // since the last pause
  let check = 1; // the batch count at which to read the clock next
  let resumed = false; // the event loop ran since the last batch: the network may have changed
  for (;;) {
    const next = steps.next(resumed);
    resumed = false;
    if (next.done) return next.value;
    if (++batches < check) continue;
    const elapsed = performance.now() - since;
    if (elapsed >= yieldEvery) {
      await pause();
      [since, batches, check, resumed] = [performance.now(), 0, 1, true];
    } else {
      // read the clock again after about a quarter of yieldEvery more, at the mean batch time so far
      check = batches + Math.max(1, Math.floor(((yieldEvery / 4) * batches) / Math.max(elapsed, 1e-3)));
    }
  }
}

/**
 * Resolves after the event loop has run once: timers, I/O and events (an abort) get their turn.
 * `setImmediate` in Node, a `MessageChannel` message in a browser (neither is clamped to 4 ms as
 * a nested `setTimeout` is), else `setTimeout`.
 */
function pause(): Promise<void> {
  return new Promise((resolve) => {
    const g = globalThis as { setImmediate?: (callback: () => void) => unknown };
    if (typeof g.setImmediate === 'function') {
      g.setImmediate(resolve);
    } else if (typeof MessageChannel === 'function') {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    } else {
      setTimeout(resolve, 0);
    }
  });
}
