import type { Parameter } from '@nn/layers';

/**
 * Gradient clipping: bounds the gradients a backward pass left in the parameters before the
 * update, so that one bad batch (a recurrent network's exploding gradients, an outlier) cannot
 * throw the weights far.
 *
 * - by value, `clipValue` c: each element g ← min(max(g, −c), c);
 * - by global norm, `clipNorm` c: with ‖g‖ = √(Σ over every parameter's every element g²),
 *   all gradients g ← g · c / ‖g‖ when ‖g‖ > c, so the direction of the step is kept.
 *
 * With both, by value first. Returns ‖g‖ before clipping by norm (or NaN when only by value).
 */
export function clipGradients(
  parameters: readonly Parameter[],
  { clipValue, clipNorm }: { clipValue?: number; clipNorm?: number },
): number {
  if (clipValue !== undefined) {
    for (const { gradient } of parameters) {
      const g = gradient.data;
      // g ← min(max(g, −c), c)
      for (let i = 0; i < g.length; i++) g[i] = Math.min(Math.max(g[i] as number, -clipValue), clipValue);
    }
  }
  if (clipNorm === undefined) return Number.NaN;
  let squares = 0;
  for (const { gradient } of parameters) for (const g of gradient.data) squares += g * g;
  const norm = Math.sqrt(squares); // ‖g‖ = √(Σ g²)
  if (norm > clipNorm) {
    const factor = clipNorm / norm;
    // g ← g · c / ‖g‖
    for (const { gradient } of parameters) {
      const g = gradient.data;
      for (let i = 0; i < g.length; i++) g[i] = (g[i] as number) * factor;
    }
  }
  return norm;
}
