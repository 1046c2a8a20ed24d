/**
 * Wires the panels together: state ⇄ URL, controls, the training worker, views, files. The page
 * never trains: it sends requests to the worker (`protocol.ts`) and draws each snapshot it gets.
 */
import { renderControls } from './controls';
import { isRegression, parseCsv, type Point } from './dataset';
import { fromCanvas, paintGrid, paintPoints } from './heatmap';
import { LossChart } from './loss-chart';
import { drawNetwork } from './network-view';
import { HEATMAP, type Reply, type Request, type Snapshot } from './protocol';
import { parseState, type State, serializeState } from './state';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector) as T;

const parsed = parseState(location.hash || location.search);
let state: State = parsed.state;
let ownData: Point[] | null = null;
let snapshot: Snapshot | null = null;
let playing = false;
let busy = false;
const chart = new LossChart($<HTMLCanvasElement>('#loss-chart'));
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });

function send(request: Request): void {
  busy = true;
  worker.postMessage(request);
}

worker.onmessage = (event: MessageEvent<Reply>) => {
  busy = false;
  const reply = event.data;
  switch (reply.type) {
    case 'snapshot':
      if (snapshot && reply.epoch > snapshot.epoch) chart.add(reply.trainLoss, reply.testLoss);
      snapshot = reply;
      render();
      break;
    case 'explained':
      $('#maths').textContent = reply.text;
      break;
    case 'exported':
      download('nn-playground-model.json', reply.json, 'application/json');
      break;
    case 'exportedOnnx':
      download('nn-playground.onnx', reply.bytes as Uint8Array<ArrayBuffer>, 'application/octet-stream');
      break;
    case 'error':
      notice(reply.message);
      break;
  }
};

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
  chart.reset();
  send({ type: 'init', state, ...(ownData ? { points: ownData } : {}) });
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
  const s = snapshot;
  if (!s) return;
  $('#epoch').textContent = String(s.epoch);
  $('#train-loss').textContent = Number.isNaN(s.trainLoss) ? '–' : s.trainLoss.toFixed(3);
  $('#test-loss').textContent = Number.isNaN(s.testLoss) ? '–' : s.testLoss.toFixed(3);
  document.body.dataset.epoch = String(s.epoch);
  document.body.dataset.testLoss = String(s.testLoss);
  const heatmap = $<HTMLCanvasElement>('#heatmap');
  const three = s.outputs === 3;
  paintGrid(heatmap, s.heatmap, HEATMAP, {
    threeClasses: three,
    discretize: state.discretize && !isRegression(state.dataset),
  });
  paintPoints(heatmap, s.train, false, three);
  if (state.showTestData) paintPoints(heatmap, s.test, true, three);
  drawNetwork($('#network'), s, {
    onLink: (layer, j, i) => editWeight(layer, j, i),
    onNeuron: (column, j) => send({ type: 'explain', column, j }),
  });
}

function editWeight(layer: number, j: number, i: number): void {
  const weights = snapshot?.weights[layer];
  if (!weights) return;
  const editor = $<HTMLDivElement>('#weight-editor');
  const input = $<HTMLInputElement>('#weight-input');
  editor.hidden = false;
  $('#weight-label').textContent = `weight w${j + 1}${i + 1} of Dense(${weights.cols}→${weights.rows})`;
  input.value = (weights.data[j * weights.cols + i] as number).toFixed(4);
  input.focus();
  $('#weight-set').onclick = () => {
    const value = Number(input.value);
    if (!Number.isFinite(value)) return notice(`'${input.value}' is not a number`);
    editor.hidden = true;
    send({ type: 'setWeight', layer, j, i, value });
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
      button.textContent = text;
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

/** While playing, one epoch is asked for as soon as the last one is drawn. */
function frame(): void {
  if (playing && !busy) send({ type: 'train', epochs: 1 });
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
  send({ type: 'train', epochs: 1 });
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
$('#export-model').addEventListener('click', () => send({ type: 'export' }));
$('#export-onnx').addEventListener('click', () => send({ type: 'exportOnnx' }));
$<HTMLInputElement>('#import-model').addEventListener('change', async (event) => {
  const json = await readFile(event.target as HTMLInputElement);
  if (json === null) return;
  notice('');
  send({ type: 'import', json });
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
  if (!snapshot) return;
  const canvas = event.target as HTMLCanvasElement;
  const rect = canvas.getBoundingClientRect();
  const [x1, x2] = fromCanvas(
    canvas,
    ((event.clientX - rect.left) / rect.width) * canvas.width,
    ((event.clientY - rect.top) / rect.height) * canvas.height,
  );
  const chosen = Number($<HTMLSelectElement>('#point-class').value);
  const label = snapshot.outputs === 3 ? Math.max(0, chosen) : chosen === 2 ? 1 : chosen;
  ownData = [{ x1, x2, label }, ...snapshot.train, ...snapshot.test]; // first, so that it trains
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
