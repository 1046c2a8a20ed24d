/** The input features the network may see, each computed from a point (x1, x2). */
import type { FeatureName } from './state';

export const FEATURES: Record<FeatureName, { label: string; f: (x1: number, x2: number) => number }> = {
  x1: { label: 'X₁', f: (x1) => x1 },
  x2: { label: 'X₂', f: (_, x2) => x2 },
  x1Squared: { label: 'X₁²', f: (x1) => x1 * x1 },
  x2Squared: { label: 'X₂²', f: (_, x2) => x2 * x2 },
  x1TimesX2: { label: 'X₁X₂', f: (x1, x2) => x1 * x2 },
  sinX1: { label: 'sin(X₁)', f: (x1) => Math.sin(x1) },
  sinX2: { label: 'sin(X₂)', f: (_, x2) => Math.sin(x2) },
};
