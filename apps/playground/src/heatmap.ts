/** Draws a grid of values over [−6, 6]² into a canvas, and data points on top. */
import { classColour, colour, css } from './colours';
import type { Point } from './dataset';

export interface HeatmapOptions {
  /** Values are class numbers 0–2 rather than numbers in [−1, 1]. */
  threeClasses?: boolean;
  /** Round two-class values to −1/+1. */
  discretize?: boolean;
}

/** Paints `values` (a size×size grid, top row first) stretched over the whole canvas. */
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
    const v = values[k] as number;
    const rgb = options.threeClasses ? classColour(v) : colour(options.discretize ? (v >= 0 ? 1 : -1) : v);
    image.data.set([...rgb, 255], k * 4);
  }
  const small = document.createElement('canvas');
  small.width = small.height = size;
  small.getContext('2d')?.putImageData(image, 0, 0);
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

/** Draws points as dots coloured by label; test points with a dark ring. */
export function paintPoints(canvas: HTMLCanvasElement, points: Point[], test: boolean, threeClasses: boolean): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  for (const p of points) {
    const [x, y] = toCanvas(canvas, p.x1, p.x2);
    context.beginPath();
    context.arc(x, y, 3.5, 0, 2 * Math.PI);
    context.fillStyle = css(threeClasses ? classColour(p.label) : colour(p.label));
    context.fill();
    context.lineWidth = test ? 1.5 : 1;
    context.strokeStyle = test ? '#000' : '#fff';
    context.stroke();
  }
}
