/**
 * The network drawn as columns of neurons — the input features, each hidden layer, the output —
 * each neuron a small heatmap of its own output over the plane, and links whose width and colour
 * show their weight's size and sign. Clicking a link edits its weight; clicking a neuron shows its
 * equations.
 */
import { colour, css } from './colours';
import { FEATURES } from './features';
import { paintGrid } from './heatmap';
import { NEURON as GRID, type Snapshot } from './protocol';

const NEURON = 34;
const COLUMN = 104;
const ROW = 46;

export interface NetworkViewEvents {
  /** A link from neuron `i` of column `layer` to neuron `j` of column `layer + 1` was picked. */
  onLink(layer: number, j: number, i: number): void;
  /** Neuron `j` of column `layer` (0 = inputs) was picked. */
  onNeuron(layer: number, j: number): void;
}

export function drawNetwork(container: HTMLElement, model: Snapshot, events: NetworkViewEvents): void {
  const dense = model.weights;
  const columns = [model.features.length, ...dense.map((d) => d.rows)];
  const { neurons, output } = model;
  const inputGrids = model.features.map((name) => featureGrid(FEATURES[name].f));
  container.replaceChildren();
  container.style.width = `${columns.length * COLUMN}px`;
  container.style.height = `${Math.max(...columns) * ROW + 20}px`;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', String(columns.length * COLUMN));
  svg.setAttribute('height', String(Math.max(...columns) * ROW + 20));
  svg.classList.add('links');
  container.append(svg);
  const position = (c: number, j: number) => [c * COLUMN + 20, j * ROW + 10] as const;
  const maxWeight = Math.max(1e-9, ...dense.flatMap((d) => [...d.data].map(Math.abs)));

  dense.forEach((layer, l) => {
    for (let j = 0; j < layer.rows; j++) {
      for (let i = 0; i < layer.cols; i++) {
        const w = layer.data[j * layer.cols + i] as number;
        const [x1, y1] = position(l, i);
        const [x2, y2] = position(l + 1, j);
        const line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
        line.setAttribute('x1', String(x1 + NEURON));
        line.setAttribute('y1', String(y1 + NEURON / 2));
        line.setAttribute('x2', String(x2));
        line.setAttribute('y2', String(y2 + NEURON / 2));
        line.setAttribute('stroke', css(colour(w >= 0 ? 1 : -1)));
        line.setAttribute('stroke-width', String(0.5 + (4 * Math.abs(w)) / maxWeight));
        line.setAttribute('tabindex', '0');
        line.setAttribute('role', 'button');
        line.setAttribute(
          'aria-label',
          `weight from neuron ${i + 1} of column ${l + 1} to neuron ${j + 1} of column ${l + 2}: ${w.toFixed(3)}`,
        );
        line.classList.add('link');
        const pick = () => events.onLink(l, j, i);
        line.addEventListener('click', pick);
        line.addEventListener('keydown', (e) => (e.key === 'Enter' ? pick() : undefined));
        svg.append(line);
      }
    }
  });

  columns.forEach((count, c) => {
    for (let j = 0; j < count; j++) {
      const [x, y] = position(c, j);
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = NEURON;
      canvas.className = 'neuron';
      canvas.style.left = `${x}px`;
      canvas.style.top = `${y}px`;
      canvas.tabIndex = 0;
      canvas.setAttribute('role', 'button');
      const isInput = c === 0;
      const isOutput = c === columns.length - 1;
      const name = isInput
        ? FEATURES[model.features[j]!].label
        : isOutput
          ? `output ${j + 1}`
          : `neuron ${j + 1} of hidden layer ${c}`;
      canvas.setAttribute('aria-label', name);
      canvas.title = name;
      const values = isInput
        ? inputGrids[j]
        : isOutput
          ? model.outputs === 1
            ? output
            : undefined
          : neurons[c - 1]?.[j];
      if (values) paintGrid(canvas, values, GRID);
      else canvas.classList.add('output-neuron');
      const pick = () => events.onNeuron(c, j);
      canvas.addEventListener('click', pick);
      canvas.addEventListener('keydown', (e) => (e.key === 'Enter' ? pick() : undefined));
      container.append(canvas);
      if (isInput) {
        const label = document.createElement('span');
        label.className = 'feature-label';
        label.textContent = name;
        label.style.left = `${x - 18}px`;
        label.style.top = `${y + NEURON}px`;
        container.append(label);
      }
    }
  });
}

/** A feature's values over the grid, scaled into [−1, 1]. */
function featureGrid(f: (x1: number, x2: number) => number): Float64Array {
  const values = new Float64Array(GRID * GRID);
  for (let row = 0; row < GRID; row++) {
    for (let col = 0; col < GRID; col++)
      values[row * GRID + col] = f(-6 + (12 * col) / (GRID - 1), 6 - (12 * row) / (GRID - 1));
  }
  const max = Math.max(1e-9, ...values.map(Math.abs));
  return values.map((v) => v / max);
}
