import { describe, expect, it } from 'vitest';
import { countTypedArrays, lstmAllocationPerBatch } from '../src/workloads/lstm';

describe('the names LSTM workload', () => {
  it('counts the typed arrays a function makes, and puts the constructors back', () => {
    const original = Float32Array;
    const made = countTypedArrays(() => {
      const a = new Float32Array(4);
      const b = new Float64Array([1, 2]);
      expect(a).toBeInstanceOf(Float32Array);
      expect(a).toBeInstanceOf(original);
      expect(b.subarray(1)).toBeInstanceOf(Float64Array); // a view: not counted
      expect(Float32Array.from([1]).length).toBe(1); // from() goes through the constructor: counted
    });
    expect(made).toBe(3);
    expect(Float32Array).toBe(original);
  });

  // The layers, the loss and Adam keep their buffers per shape (`reuse`): a warm training step of
  // the names model makes no tensor buffer at all, per step or per batch.
  it('a warm training step of the names model makes no typed array', () => {
    const { typedArraysPerBatch, steps } = lstmAllocationPerBatch(5);
    expect(steps).toBe(10);
    expect(typedArraysPerBatch).toBe(0);
  });
});
