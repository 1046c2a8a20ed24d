/** Wires the panels together: state ⇄ URL, controls, training loop, views, files. */
import { toOnnx } from '@nn/onnx';
import { renderControls } from './controls';
import { isRegression, parseCsv, type Point } from './dataset';
import { fromCanvas, paintGrid, paintPoints } from './heatmap';
import { LossChart } from './loss-chart';
import { explainNeuron } from './maths';
import { PlaygroundModel } from './model';
import { drawNetwork } from './network-view';
import { parseState, type State, serializeState } from './state';

const HEATMAP_GRID = 50;
const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector) as T;

const parsed = parseState(location.hash || location.search);
let state: State = parsed.state;
let ownData: Point[] | null = null;
let model = new PlaygroundModel(state);
let playing = false;
const chart = new LossChart($<HTMLCanvasElement>('#loss-chart'));

function notice(text: string): void {
  const box = $<HTMLParagraphElement>('#notice');
  box.textContent = text;
  box.hidden = text === '';
}
if (parsed.problems.length > 0)
  notice(`Some settings in the link could not be read and use their defaults: ${parsed.problems.join('; ')}.`);

/** A dataset that fits the problem type: classification and regression have their own. */
function consistent(next: State, field: string): State {
  const regression = isRegression(next.dataset);
  if (field === 'problem' && (next.problem === 'regression') !== regression) {
    return { ...next, dataset: next.problem === 'regression' ? 'plane' : 'circle' };
  }
  return { ...next, problem: regression ? 'regression' : 'classification' };
}

function rebuild(): void {
  model = new PlaygroundModel(state, ownData ?? undefined);
  chart.reset();
  render();
}

function setState(next: State, field = ''): void {
  state = consistent(next, field);
  history.replaceState(null, '', `#${serializeState(state)}`);
  renderControls($('#controls'), state, setState);
  renderShapeButtons();
  if (field === 'showTestData' || field === 'discretize') render();
  else {
    if (field === 'dataset' || field === 'problem') ownData = null;
    rebuild();
  }
}

function render(): void {
  $('#epoch').textContent = String(model.epoch);
  $('#train-loss').textContent = Number.isNaN(model.trainLoss) ? '–' : model.trainLoss.toFixed(3);
  $('#test-loss').textContent = Number.isNaN(model.testLoss) ? '–' : model.testLoss.toFixed(3);
  document.body.dataset.epoch = String(model.epoch);
  document.body.dataset.testLoss = String(model.testLoss);
  const heatmap = $<HTMLCanvasElement>('#heatmap');
  const three = model.outputs === 3;
  paintGrid(heatmap, model.grid(HEATMAP_GRID).output, HEATMAP_GRID, {
    threeClasses: three,
    discretize: state.discretize && !isRegression(state.dataset),
  });
  paintPoints(heatmap, model.train, false, three);
  if (state.showTestData) paintPoints(heatmap, model.test, true, three);
  drawNetwork($('#network'), model, {
    onLink: (layer, j, i) => editWeight(layer, j, i),
    onNeuron: (column, j) => {
      $('#maths').textContent = explainNeuron(model, column, j);
    },
  });
}

function editWeight(layer: number, j: number, i: number): void {
  const dense = model.denseLayers()[layer];
  if (!dense) return;
  const editor = $<HTMLDivElement>('#weight-editor');
  const input = $<HTMLInputElement>('#weight-input');
  editor.hidden = false;
  $('#weight-label').textContent = `weight w${j + 1}${i + 1} of ${dense}`;
  input.value = dense.weights.get(j, i).toFixed(4);
  input.focus();
  $('#weight-set').onclick = () => {
    const value = Number(input.value);
    if (!Number.isFinite(value)) return notice(`'${input.value}' is not a number`);
    dense.weights.set(value, j, i);
    editor.hidden = true;
    render();
  };
}

function renderShapeButtons(): void {
  const container = $('#layer-buttons');
  container.replaceChildren();
  state.networkShape.forEach((neurons, l) => {
    for (const [text, delta] of [
      ['+', 1],
      ['−', -1],
    ] as const) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${text}`;
      button.setAttribute(
        'aria-label',
        `${delta > 0 ? 'Add a neuron to' : 'Remove a neuron from'} hidden layer ${l + 1} (${neurons} neurons)`,
      );
      button.addEventListener('click', () => {
        const shape = [...state.networkShape];
        shape[l] = Math.min(8, Math.max(1, neurons + delta));
        setState({ ...state, networkShape: shape }, 'networkShape');
      });
      container.append(button);
    }
  });
}

function frame(): void {
  if (playing) {
    model.trainEpoch();
    chart.add(model.trainLoss, model.testLoss);
    render();
  }
  requestAnimationFrame(frame);
}

function setPlaying(on: boolean): void {
  playing = on;
  const button = $<HTMLButtonElement>('#play');
  button.textContent = on ? '⏸' : '▶';
  button.setAttribute('aria-label', on ? 'Pause' : 'Play');
}

function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  URL.revokeObjectURL(url);
}

async function readFile(input: HTMLInputElement): Promise<string | null> {
  const file = input.files?.[0];
  input.value = '';
  return file ? file.text() : null;
}

$('#play').addEventListener('click', () => setPlaying(!playing));
$('#step').addEventListener('click', () => {
  setPlaying(false);
  model.trainEpoch();
  chart.add(model.trainLoss, model.testLoss);
  render();
});
$('#reset').addEventListener('click', () => {
  setPlaying(false);
  rebuild();
});
$('#regenerate').addEventListener('click', () => {
  ownData = null;
  setState({ ...state, seed: (state.seed + 1) % 1_000_000 }, 'seed');
});
$('#add-layer').addEventListener('click', () => {
  if (state.networkShape.length < 8) setState({ ...state, networkShape: [...state.networkShape, 2] }, 'networkShape');
});
$('#remove-layer').addEventListener('click', () => {
  if (state.networkShape.length > 0)
    setState({ ...state, networkShape: state.networkShape.slice(0, -1) }, 'networkShape');
});
$('#export-model').addEventListener('click', () =>
  download('nn-playground-model.json', model.export(), 'application/json'),
);
$('#export-onnx').addEventListener('click', () =>
  download('nn-playground.onnx', toOnnx(model.network), 'application/octet-stream'),
);
$<HTMLInputElement>('#import-model').addEventListener('change', async (event) => {
  const text = await readFile(event.target as HTMLInputElement);
  if (text === null) return;
  try {
    model.import(text);
    notice('');
    render();
  } catch (error) {
    notice(`Cannot import this model: ${(error as Error).message}`);
  }
});
$<HTMLInputElement>('#csv').addEventListener('change', async (event) => {
  const text = await readFile(event.target as HTMLInputElement);
  if (text === null) return;
  try {
    ownData = parseCsv(text, state.dataset === 'three');
    notice('');
    rebuild();
  } catch (error) {
    notice(`Cannot read this file: ${(error as Error).message}`);
  }
});
$<HTMLCanvasElement>('#heatmap').addEventListener('click', (event) => {
  const canvas = event.target as HTMLCanvasElement;
  const rect = canvas.getBoundingClientRect();
  const [x1, x2] = fromCanvas(
    canvas,
    ((event.clientX - rect.left) / rect.width) * canvas.width,
    ((event.clientY - rect.top) / rect.height) * canvas.height,
  );
  const chosen = Number($<HTMLSelectElement>('#point-class').value);
  const label = model.outputs === 3 ? Math.max(0, chosen) : chosen === 2 ? 1 : chosen;
  ownData = [{ x1, x2, label }, ...model.train, ...model.test]; // first, so that it trains
  rebuild();
});
document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (event.code === 'Space' && !['INPUT', 'SELECT', 'BUTTON', 'TEXTAREA'].includes(target.tagName)) {
    event.preventDefault();
    setPlaying(!playing);
  }
});

setState(state);
requestAnimationFrame(frame);
