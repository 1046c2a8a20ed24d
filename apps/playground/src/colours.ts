/** Colours of the playground: orange for −1 (class 0), white for 0, blue for +1 (class 1), green for class 2. */
export type Rgb = [number, number, number];

export const ORANGE: Rgb = [245, 147, 34];
export const WHITE: Rgb = [232, 234, 235];
export const BLUE: Rgb = [8, 119, 189];
export const GREEN: Rgb = [60, 170, 80];
const CLASSES = [ORANGE, BLUE, GREEN];

/** `a` moved towards `b` by `s` (0: a, 1: b). */
function mix(a: readonly number[], b: readonly number[], s: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * s)) as Rgb;
}

/** The colour of a value in [−1, 1] (clamped): orange → white → blue. */
export function colour(value: number): Rgb {
  const t = Math.min(1, Math.max(-1, value));
  return t < 0 ? mix(WHITE, ORANGE, -t) : mix(WHITE, BLUE, t);
}

/** The colour of class 0, 1 or 2 of a three-class problem. */
export function classColour(label: number): Rgb {
  return [...(CLASSES[label] ?? WHITE)] as Rgb;
}

/** The class colours weighted by their probabilities (which sum to 1): a smooth map of three classes. */
export function blend(probabilities: readonly number[]): Rgb {
  const rgb: Rgb = [0, 0, 0];
  probabilities.forEach((p, c) => {
    for (let i = 0; i < 3; i++) rgb[i]! += p * CLASSES[c]![i]!;
  });
  return rgb.map(Math.round) as Rgb;
}

/**
 * A background shade: the colour a third of the way to white, as TensorFlow Playground paints its
 * output under the points, so a point in its full colour stands out on any background.
 */
export function light(rgb: Rgb): Rgb {
  return mix(rgb, [255, 255, 255], 0.4);
}

export const css = ([r, g, b]: Rgb) => `rgb(${r}, ${g}, ${b})`;
