import { describe, expect, it } from 'vitest';
import { lstmAllocationPerBatch } from '../src/workloads/lstm';

describe('the names LSTM workload', () => {
  // The layers keep their buffers per shape (`reuse`): a warm training step of the names model
  // allocates no tensor. One batch's LSTM gate buffers alone are 640 kB; a loop that made them
  // anew each batch, or made U·hₜ₋₁ [512, 32] anew at each of the 10 steps (64 kB each), would
  // allocate at least that much per batch. What remains is small objects: 12–40 kB per batch
  // measured in a plain Node process, 100–170 kB under vitest's module runner; hence half a batch.
  it("a warm training step allocates less than half of one batch's buffers (no tensor per step or batch)", () => {
    const { bytesPerBatch, bufferBytes, steps } = lstmAllocationPerBatch(40);
    expect(steps).toBe(10);
    expect(bufferBytes).toBe(128 * 4 * 10 * 32 * 4);
    expect(bytesPerBatch).toBeLessThan(bufferBytes / 2);
  });
});
