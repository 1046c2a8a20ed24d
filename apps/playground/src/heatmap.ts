import type { XorModel } from './model';
import { XOR_SAMPLES } from './model';

/** An RGB colour for an output value: orange at 0, white at 0.5, blue at 1 (clamped). */
export function colour(value: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, value));
  const orange = [245, 147, 34];
  const white = [232, 234, 235];
  const blue = [8, 119, 189];
  const [from, to, s] = t < 0.5 ? [orange, white, t * 2] : [white, blue, (t - 0.5) * 2];
  return [0, 1, 2].map((i) => Math.round(from[i]! + (to[i]! - from[i]!) * s)) as [number, number, number];
}

/** Draws the model's output over the unit square, with the four XOR samples on top. */
export function drawHeatmap(canvas: HTMLCanvasElement, model: XorModel, resolution = 64): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const values = model.grid(resolution);
  const image = context.createImageData(resolution, resolution);
  values.forEach((v, k) => {
    const [r, g, b] = colour(v);
    image.data.set([r, g, b, 255], k * 4);
  });
  // Draw the small image, then scale it up to the canvas.
  const small = document.createElement('canvas');
  small.width = small.height = resolution;
  small.getContext('2d')?.putImageData(image, 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(small, 0, 0, canvas.width, canvas.height);
  const margin = 14;
  for (const { x1, x2, target } of XOR_SAMPLES) {
    const x = margin + x1 * (canvas.width - 2 * margin);
    const y = margin + (1 - x2) * (canvas.height - 2 * margin);
    const [r, g, b] = colour(target);
    context.beginPath();
    context.arc(x, y, 8, 0, 2 * Math.PI);
    context.fillStyle = `rgb(${r}, ${g}, ${b})`;
    context.fill();
    context.lineWidth = 2;
    context.strokeStyle = '#222';
    context.stroke();
  }
}
