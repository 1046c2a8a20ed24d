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
 *
 * Σ g² in float64 overflows for gradients of about 1e154 and loses digits (or is 0) for gradients
 * below about 1e-154; then, as BLAS's nrm2 does, the norm is taken scaled by the largest magnitude
 * m: ‖g‖ = m·√(Σ (g/m)²), every (g/m)² in [0, 1]. Elsewhere the plain sum, bit for bit.
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
  let count = 0;
  for (const { gradient } of parameters) {
    for (const g of gradient.data) squares += g * g;
    count += gradient.data.length;
  }
  // Σ g² overflowed, or lost more than its last digit to underflow (each g² off by at most 2⁻¹⁰⁷⁴)
  if (squares === Number.POSITIVE_INFINITY || squares < count * 2 ** -1021) {
    const m = largestMagnitude(parameters);
    if (m > 0 && m < Number.POSITIVE_INFINITY) return clipScaled(parameters, clipNorm, m);
  }
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

/** The largest |g| over every parameter's gradient (NaN when one is NaN). */
function largestMagnitude(parameters: readonly Parameter[]): number {
  let m = 0;
  for (const { gradient } of parameters) for (const g of gradient.data) m = Math.max(m, Math.abs(g));
  return m;
}

/**
 * Clipping by norm with the norm scaled by m, the largest |g| (finite, > 0):
 * ‖g‖ = m·√s with s = Σ (g/m)² ≥ 1, and g ← g · c/‖g‖ = (g/m) · c/√s, in which nothing overflows.
 * Returns ‖g‖ (Infinity only for a norm beyond float64's range, whose gradients are still scaled).
 */
function clipScaled(parameters: readonly Parameter[], clipNorm: number, m: number): number {
  let s = 0;
  for (const { gradient } of parameters) {
    for (const g of gradient.data) {
      const r = g / m;
      s += r * r; // s = Σ (g/m)²
    }
  }
  const root = Math.sqrt(s);
  const norm = m * root; // ‖g‖ = m·√s
  if (norm > clipNorm) {
    const factor = clipNorm / root;
    // g ← (g/m) · c/√s
    for (const { gradient } of parameters) {
      const g = gradient.data;
      for (let i = 0; i < g.length; i++) g[i] = ((g[i] as number) / m) * factor;
    }
  }
  return norm;
}
