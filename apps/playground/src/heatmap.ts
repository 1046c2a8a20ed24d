/** Draws a grid of values over [−6, 6]² into a canvas, and data points on a canvas above it. */
import { blend, classColour, colour, css, light, type Rgb } from './colours';
import type { Point } from './dataset';

export interface HeatmapOptions {
  /**
   * How many grids `values` holds one after the other: 1 (values in [−1, 1]) or 3 (each class's
   * probability, painted as the class colours blended by them).
   */
  outputs?: number;
  /** Round the values: −1/+1 for one output, the likeliest class for three. */
  discretize?: boolean;
  /** Paint in the lighter background shades, for the output under the points. */
  light?: boolean;
  /** With `outputs` 1: the values are one class's probability in [0, 1], painted white → `tint`. */
  tint?: Rgb;
}

/** The colour of grid cell `k` of `values` (`size²` cells per grid). */
function cellColour(values: ArrayLike<number>, k: number, cells: number, options: HeatmapOptions): Rgb {
  const { outputs = 1, discretize = false, tint } = options;
  if (outputs === 3) {
    const p = [0, 1, 2].map((c) => values[c * cells + k] as number);
    if (!discretize) return blend(p);
    return classColour(p.indexOf(Math.max(...p)));
  }
  const v = values[k] as number;
  if (tint) return colour(0).map((white, i) => Math.round(white + (tint[i]! - white) * v)) as Rgb;
  return colour(discretize ? (v >= 0 ? 1 : -1) : v);
}

/** Paints `values` (size×size grids, top row first) stretched smoothly over the whole canvas. */
export function paintGrid(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  size: number,
  options: HeatmapOptions = {},
): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(size, size);
  for (let k = 0; k < size * size; k++) {
    const rgb = cellColour(values, k, size * size, options);
    image.data.set([...(options.light ? light(rgb) : rgb), 255], k * 4);
  }
  const small = document.createElement('canvas');
  small.width = small.height = size;
  small.getContext('2d')?.putImageData(image, 0, 0);
  // cleared first: the picture before must not show through the smoothed edges
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.imageSmoothingEnabled = true;
  context.drawImage(small, 0, 0, canvas.width, canvas.height);
}

/** Canvas coordinates of a point of the plane [−6, 6]². */
export function toCanvas(canvas: HTMLCanvasElement, x1: number, x2: number): [number, number] {
  return [((x1 + 6) / 12) * canvas.width, ((6 - x2) / 12) * canvas.height];
}

/** The plane point under canvas coordinates. */
export function fromCanvas(canvas: HTMLCanvasElement, x: number, y: number): [number, number] {
  return [(x / canvas.width) * 12 - 6, 6 - (y / canvas.height) * 12];
}

/** How points are drawn: test points have a dark ring, training points a white one. */
export interface PointStyle {
  test?: boolean;
  threeClasses?: boolean;
  radius?: number;
  /** Draw the ring (thumbnails draw bare dots). */
  ring?: boolean;
}

/**
 * Draws points as dots in their label's full colour with a white ring (training) or a dark ring
 * (test), over the lighter background, so each stays visible wherever it lies.
 */
export function paintPoints(canvas: HTMLCanvasElement, points: readonly Point[], style: PointStyle = {}): void {
  const { test = false, threeClasses = false, radius = 3.5, ring = true } = style;
  const context = canvas.getContext('2d');
  if (!context) return;
  for (const p of points) {
    const [x, y] = toCanvas(canvas, p.x1, p.x2);
    context.beginPath();
    context.arc(x, y, radius, 0, 2 * Math.PI);
    context.fillStyle = css(threeClasses ? classColour(p.label) : colour(p.label));
    context.fill();
    if (!ring) continue;
    context.lineWidth = test ? 1.5 : 1;
    context.strokeStyle = test ? '#000' : '#fff';
    context.stroke();
  }
}
