/** Colours of the playground: orange for −1 (class 0), white for 0, blue for +1 (class 1), green for class 2. */
const ORANGE = [245, 147, 34] as const;
const WHITE = [232, 234, 235] as const;
const BLUE = [8, 119, 189] as const;
const GREEN = [60, 170, 80] as const;

/** The colour of a value in [−1, 1] (clamped): orange → white → blue. */
export function colour(value: number): [number, number, number] {
  const t = Math.min(1, Math.max(-1, value));
  const [from, to, s] = t < 0 ? [WHITE, ORANGE, -t] : [WHITE, BLUE, t];
  return [0, 1, 2].map((i) => Math.round(from[i]! + (to[i]! - from[i]!) * s)) as [number, number, number];
}

/** The colour of class 0, 1 or 2 of a three-class problem. */
export function classColour(label: number): [number, number, number] {
  return [...([ORANGE, BLUE, GREEN][label] ?? WHITE)] as [number, number, number];
}

export const css = ([r, g, b]: [number, number, number]) => `rgb(${r}, ${g}, ${b})`;
