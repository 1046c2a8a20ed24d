/**
 * The network, drawn as TensorFlow Playground draws it: one column per layer, each neuron a small
 * heatmap of its output over the plane with its bias as a small square at its corner, links
 * coloured and sized by their weight's sign and size, and over each hidden layer its neuron count
 * with + and − buttons. Hovering a link or a neuron shows its weight or bias; clicking one edits it;
 * clicking a neuron shows its equations.
 */
import { classColour, colour, css } from './colours';
import { FEATURES } from './features';
import { paintGrid } from './heatmap';
import { NEURON as GRID, type Snapshot } from './protocol';

const NEURON = 34;
const COLUMN = 104;
const ROW = 46;
/** Room above the columns for each hidden layer's count and buttons. */
const HEADER = 44;
const BIAS = 9;
const SVG = 'http://www.w3.org/2000/svg';

export interface NetworkViewEvents {
  /** A link from neuron `i` of column `layer` to neuron `j` of column `layer + 1` was picked. */
  onLink(layer: number, j: number, i: number): void;
  /** Neuron `j` of column `layer` (0 = inputs) was picked. */
  onNeuron(layer: number, j: number): void;
  /** The bias of neuron `j` of column `layer + 1` (of Dense layer `layer`) was picked. */
  onBias(layer: number, j: number): void;
  /** The + (1) or − (−1) button of hidden layer `layer` (0 = the first) was pressed. */
  onShape(layer: number, delta: 1 | -1): void;
}

/** Makes `element` act as a button: click or Enter calls `pick`. */
function clickable(element: Element, label: string, pick: () => void): void {
  element.setAttribute('tabindex', '0');
  element.setAttribute('role', 'button');
  element.setAttribute('aria-label', label);
  element.addEventListener('click', pick);
  element.addEventListener('keydown', (e) => ((e as KeyboardEvent).key === 'Enter' ? pick() : undefined));
}

/** Shows `text` in the page's tooltip beside the pointer while it is over `element`. */
function tooltip(element: Element, text: string): void {
  const tip = document.getElementById('tooltip');
  if (!tip) return;
  element.addEventListener('pointerenter', (event) => {
    const { clientX, clientY } = event as PointerEvent;
    tip.textContent = text;
    tip.hidden = false;
    tip.style.left = `${Math.min(clientX + 12, window.innerWidth - tip.offsetWidth - 4)}px`;
    tip.style.top = `${clientY + 14}px`;
  });
  element.addEventListener('pointerleave', () => (tip.hidden = true));
}

export function drawNetwork(container: HTMLElement, model: Snapshot, events: NetworkViewEvents): void {
  const { weights: dense, biases, neurons, output, outputs } = model;
  const columns = [model.features.length, ...dense.map((d) => d.rows)];
  const inputGrids = model.features.map((name) => featureGrid(FEATURES[name].f));
  const width = columns.length * COLUMN;
  const height = HEADER + Math.max(...columns) * ROW;
  const tip = document.getElementById('tooltip');
  if (tip) tip.hidden = true;
  container.replaceChildren();
  const inner = document.createElement('div');
  inner.className = 'network-inner';
  inner.style.width = `${width}px`;
  inner.style.height = `${height}px`;
  container.append(inner);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.classList.add('links');
  inner.append(svg);
  const position = (c: number, j: number) => [c * COLUMN + 20, HEADER + j * ROW] as const;
  const maxWeight = Math.max(1e-9, ...dense.flatMap((d) => [...d.data].map(Math.abs)));

  dense.forEach((layer, l) => {
    for (let j = 0; j < layer.rows; j++) {
      for (let i = 0; i < layer.cols; i++) {
        const w = layer.data[j * layer.cols + i] as number;
        const [x1, y1] = position(l, i);
        const [x2, y2] = position(l + 1, j);
        const line = document.createElementNS(SVG, 'line');
        line.setAttribute('x1', String(x1 + NEURON));
        line.setAttribute('y1', String(y1 + NEURON / 2));
        line.setAttribute('x2', String(x2));
        line.setAttribute('y2', String(y2 + NEURON / 2));
        line.setAttribute('stroke', css(colour(w >= 0 ? 1 : -1)));
        line.setAttribute('stroke-width', String(0.5 + (4 * Math.abs(w)) / maxWeight));
        line.classList.add('link');
        clickable(
          line,
          `weight from neuron ${i + 1} of column ${l + 1} to neuron ${j + 1} of column ${l + 2}: ${w.toFixed(3)}`,
          () => events.onLink(l, j, i),
        );
        tooltip(line, `Weight is ${w.toFixed(3)}`);
        svg.append(line);
      }
    }
  });

  columns.forEach((count, c) => {
    const isInput = c === 0;
    const isOutput = c === columns.length - 1;
    if (!isInput && !isOutput) inner.append(layerHeader(c - 1, count, position(c, 0)[0], events));
    for (let j = 0; j < count; j++) {
      const [x, y] = position(c, j);
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = NEURON;
      canvas.className = 'neuron';
      canvas.style.left = `${x}px`;
      canvas.style.top = `${y}px`;
      const name = isInput
        ? FEATURES[model.features[j]!].label
        : isOutput
          ? `output ${j + 1}`
          : `neuron ${j + 1} of hidden layer ${c}`;
      clickable(canvas, name, () => events.onNeuron(c, j));
      if (isInput) paintGrid(canvas, inputGrids[j] as Float64Array, GRID);
      else if (!isOutput) paintGrid(canvas, neurons[c - 1]?.[j] ?? [], GRID);
      else if (outputs === 1) paintGrid(canvas, output, GRID);
      // three classes: output j's probability, white to its class's colour
      else paintGrid(canvas, output.subarray(j * GRID * GRID, (j + 1) * GRID * GRID), GRID, { tint: classColour(j) });
      inner.append(canvas);
      if (isInput) {
        tooltip(canvas, name);
        const label = document.createElement('span');
        label.className = 'feature-label';
        label.textContent = name;
        label.style.left = `${x - 18}px`;
        label.style.top = `${y + NEURON}px`;
        inner.append(label);
        continue;
      }
      const b = biases[c - 1]?.[j] ?? 0;
      tooltip(canvas, `${name}: Bias is ${b.toFixed(3)}`);
      const bias = document.createElement('div');
      bias.className = 'bias';
      bias.style.left = `${x - BIAS + 2}px`;
      bias.style.top = `${y + NEURON - BIAS + 2}px`;
      bias.style.background = css(colour(b));
      clickable(bias, `bias of ${name}: ${b.toFixed(3)}`, () => events.onBias(c - 1, j));
      tooltip(bias, `Bias is ${b.toFixed(3)}`);
      inner.append(bias);
    }
  });
}

/** Hidden layer `layer`'s neuron count with its + and − buttons, centred over its column at `x`. */
function layerHeader(layer: number, count: number, x: number, events: NetworkViewEvents): HTMLElement {
  const header = document.createElement('div');
  header.className = 'layer-header';
  header.style.left = `${x + NEURON / 2 - COLUMN / 2 + 4}px`;
  header.style.width = `${COLUMN - 8}px`;
  const buttons = document.createElement('div');
  for (const [text, delta] of [
    ['+', 1],
    ['−', -1],
  ] as const) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = text;
    button.disabled = delta > 0 ? count >= 8 : count <= 1;
    button.setAttribute(
      'aria-label',
      `${delta > 0 ? 'Add a neuron to' : 'Remove a neuron from'} hidden layer ${layer + 1} (${count} neurons)`,
    );
    button.addEventListener('click', () => events.onShape(layer, delta));
    buttons.append(button);
  }
  const label = document.createElement('span');
  label.textContent = `${count} neuron${count === 1 ? '' : 's'}`;
  header.append(buttons, label);
  return header;
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
