/**
 * Wires the panels together: state ⇄ URL, controls, the training worker, views, files. The page
 * never trains: it sends requests to the worker (`protocol.ts`) and draws each snapshot it gets.
 */
import { Rng } from '@nn/tensor';
import { BLUE, colour, css, GREEN, ORANGE } from './colours';
import { renderControls } from './controls';
import { classes, isRegression, type LabelKind, parseCsv, type Point } from './dataset';
import { fromCanvas, paintGrid, paintPoints } from './heatmap';
import { icon } from './icons';
import { LossChart } from './loss-chart';
import { drawNetwork } from './network-view';
import type { Reply, Request, Snapshot } from './protocol';
import { parseState, type State, serializeState, TRAINING_SETTINGS } from './state';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector) as T;

const parsed = parseState(location.hash || location.search);
let state: State = parsed.state;
/** Your own points (a CSV file, or points added by clicking), training points first; null: the dataset's. */
let ownData: Point[] | null = null;
let snapshot: Snapshot | null = null;
/** The next snapshot starts a new run (a new network or an imported one): the chart starts again. */
let fresh = true;
/** The neuron whose equations the maths panel shows, kept up to date with each snapshot. */
let explained: { column: number; j: number } | null = null;
let playing = false;
/** Requests sent and not yet answered: the frame loop asks for the next epoch only at 0. */
let pending = 0;
const chart = new LossChart($<HTMLCanvasElement>('#loss-chart'));
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const MATHS_HINT = 'Click a neuron to see its equations, a link or a bias (the small square) to edit it.';

function send(request: Request): void {
  pending++;
  idle();
  worker.postMessage(request);
}

/** `data-idle` on the body: nothing is playing or on its way (what the browser tests wait for). */
function idle(): void {
  document.body.dataset.idle = String(pending === 0 && !playing);
}

worker.onmessage = (event: MessageEvent<Reply>) => {
  const reply = event.data;
  if (reply.type !== 'imported') pending--; // an import is answered by 'imported', then a snapshot
  idle();
  switch (reply.type) {
    case 'snapshot':
      if (fresh) chart.reset(reply.epoch);
      else if (snapshot && reply.epoch > snapshot.epoch) chart.add(reply.trainLoss, reply.testLoss);
      fresh = false;
      snapshot = reply;
      render();
      explain();
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
    case 'imported':
      if (reply.state.dataset !== state.dataset) ownData = null;
      fresh = true;
      show(reply.state);
      if (reply.problems.length > 0)
        notice(
          `Some settings in the model file could not be read; the page keeps its own: ${reply.problems.join('; ')}.`,
        );
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
  fresh = true;
  send({ type: 'init', state, ...(ownData ? { points: ownData } : {}) });
}

/** Shows `next` in the URL and the controls, without touching the network. */
function show(next: State, field = ''): void {
  state = consistent(next, field);
  history.replaceState(null, '', `#${serializeState(state)}`);
  renderControls($('#controls'), state, setState);
  $('#layer-count').textContent =
    `${state.networkShape.length} hidden layer${state.networkShape.length === 1 ? '' : 's'}`;
  renderPointClasses();
  renderLegend();
}

function setState(next: State, field = ''): void {
  show(next, field);
  if (field === 'showTestData' || field === 'discretize') render();
  else if ((TRAINING_SETTINGS as readonly string[]).includes(field)) send({ type: 'configure', state });
  else {
    if (['dataset', 'problem', 'seed', 'noise'].includes(field)) ownData = null;
    rebuild();
  }
}

function render(): void {
  const s = snapshot;
  if (!s) return;
  $('#epoch').textContent = String(s.epoch);
  $('#train-loss').textContent = Number.isNaN(s.trainLoss) ? '–' : s.trainLoss.toFixed(3);
  $('#test-loss').textContent = Number.isNaN(s.testLoss) ? '–' : s.testLoss.toFixed(3);
  $('#steps-per-second').textContent = s.stepsPerSecond > 0 ? String(Math.round(s.stepsPerSecond)) : '–';
  document.body.dataset.epoch = String(s.epoch);
  document.body.dataset.testLoss = String(s.testLoss);
  document.body.dataset.points = String(s.train.length + s.test.length);
  const three = s.outputs === 3;
  // the output in lighter shades, the points in full colour above it
  paintGrid($<HTMLCanvasElement>('#heatmap'), s.heatmap, s.heatmapSize, {
    outputs: s.outputs,
    discretize: state.discretize && !isRegression(state.dataset),
    light: true,
  });
  const points = $<HTMLCanvasElement>('#points');
  points.getContext('2d')?.clearRect(0, 0, points.width, points.height);
  paintPoints(points, s.train, { threeClasses: three });
  if (state.showTestData) paintPoints(points, s.test, { test: true, threeClasses: three });
  drawNetwork($('#network'), s, {
    onLink: (layer, j, i) => edit('weight', layer, j, i),
    onBias: (layer, j) => edit('bias', layer, j, 0),
    onNeuron: (column, j) => {
      explained = { column, j };
      explain();
    },
    onShape: (layer, delta) => {
      const shape = [...state.networkShape];
      shape[layer] = Math.min(8, Math.max(1, (shape[layer] as number) + delta));
      setState({ ...state, networkShape: shape }, 'networkShape');
    },
  });
}

/** Asks for the chosen neuron's equations again (the numbers and the activation change), if it still exists. */
function explain(): void {
  const s = snapshot;
  if (!explained || !s) {
    if (!explained) $('#maths').textContent = MATHS_HINT;
    return;
  }
  const { column, j } = explained;
  const count = column === 0 ? s.features.length : s.weights[column - 1]?.rows;
  if (count === undefined || j >= count) {
    explained = null;
    $('#maths').textContent = MATHS_HINT;
  } else send({ type: 'explain', column, j });
}

/** Opens the editor on weight (j, i) or bias j of Dense layer `layer`; an empty or non-number value is refused. */
function edit(kind: 'weight' | 'bias', layer: number, j: number, i: number): void {
  const weights = snapshot?.weights[layer];
  const biases = snapshot?.biases[layer];
  if (!weights || !biases) return;
  const editor = $<HTMLDivElement>('#weight-editor');
  const input = $<HTMLInputElement>('#weight-input');
  editor.hidden = false;
  const dense = `Dense(${weights.cols}→${weights.rows})`;
  $('#weight-label').textContent =
    kind === 'weight' ? `weight w${j + 1}${i + 1} of ${dense}` : `bias b${j + 1} of ${dense}`;
  input.value = (kind === 'weight' ? (weights.data[j * weights.cols + i] as number) : (biases[j] as number)).toFixed(4);
  input.focus();
  $('#weight-set').onclick = () => {
    const text = input.value.trim();
    const value = Number(text);
    // an empty field is not 0: a number input reads '' for empty and for what it cannot parse
    if (text === '' || !Number.isFinite(value))
      return notice(`The ${kind} was not changed: '${input.value}' is not a number; type one such as 0.5 or -2.`);
    notice('');
    editor.hidden = true;
    send(kind === 'weight' ? { type: 'setWeight', layer, j, i, value } : { type: 'setBias', layer, j, value });
  };
}

/** The classes a click can add: those of the data (two, three, or ±1 for regression). */
function renderPointClasses(): void {
  const select = $<HTMLSelectElement>('#point-class');
  const chosen = select.value;
  const options: [string, string][] = isRegression(state.dataset)
    ? [
        ['1', 'blue (value +1)'],
        ['-1', 'orange (value −1)'],
      ]
    : classes(state.dataset) === 3
      ? [
          ['0', 'orange (class 0)'],
          ['1', 'blue (class 1)'],
          ['2', 'green (class 2)'],
        ]
      : [
          ['1', 'blue (+1 / class 1)'],
          ['-1', 'orange (−1 / class 0)'],
        ];
  select.replaceChildren(...options.map(([value, text]) => new Option(text, value, false, value === chosen)));
}

/** What the colours mean: a scale from −1 to +1, or the three classes. */
function renderLegend(): void {
  const legend = $('#legend');
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 12;
  canvas.setAttribute('aria-hidden', 'true');
  const context = canvas.getContext('2d');
  const three = classes(state.dataset) === 3 && !isRegression(state.dataset);
  if (context && three) {
    [ORANGE, BLUE, GREEN].forEach((rgb, c) => {
      context.fillStyle = css(rgb);
      context.fillRect((c * canvas.width) / 3, 0, canvas.width / 3, canvas.height);
    });
  } else if (context) {
    for (let x = 0; x < canvas.width; x++) {
      context.fillStyle = css(colour((2 * x) / (canvas.width - 1) - 1));
      context.fillRect(x, 0, 1, canvas.height);
    }
  }
  const scale = document.createElement('div');
  scale.className = 'legend-scale';
  const ends = three ? ['class 0', 'class 1', 'class 2'] : ['−1', '0', '+1'];
  scale.append(...ends.map((text) => Object.assign(document.createElement('span'), { textContent: text })));
  const words = document.createElement('p');
  words.textContent = three
    ? 'Points: their class. Background: the classes blended by the probabilities the network gives them.'
    : isRegression(state.dataset)
      ? 'Points: their value. Background, lighter: the output.'
      : 'Points: orange class 0 (−1), blue class 1 (+1). Background, lighter: the output.';
  const bar = document.createElement('div');
  bar.append(canvas, scale);
  legend.replaceChildren(bar, words);
}

/** While playing, one epoch is asked for as soon as the last one is drawn. */
function frame(): void {
  if (playing && pending === 0) send({ type: 'train', epochs: 1, quick: true });
  requestAnimationFrame(frame);
}

function setPlaying(on: boolean): void {
  // on pausing, the last epoch drawn again on the finer grid
  if (playing && !on) send({ type: 'train', epochs: 0 });
  playing = on;
  const button = $<HTMLButtonElement>('#play');
  button.replaceChildren(icon(on ? 'pause' : 'play'));
  button.setAttribute('aria-label', on ? 'Pause' : 'Play');
  idle();
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

$('#reset').append(icon('reset'));
$('#step').append(icon('step'));
$('#play').addEventListener('click', () => setPlaying(!playing));
$('#step').addEventListener('click', () => {
  setPlaying(false);
  send({ type: 'train', epochs: 1 });
});
$('#reset').addEventListener('click', () => {
  setPlaying(false);
  rebuild();
});
$('#add-layer').addEventListener('click', () => {
  if (state.networkShape.length < 8) setState({ ...state, networkShape: [...state.networkShape, 2] }, 'networkShape');
});
$('#remove-layer').addEventListener('click', () => {
  if (state.networkShape.length > 0)
    setState({ ...state, networkShape: state.networkShape.slice(0, -1) }, 'networkShape');
});
$('#export-model').addEventListener('click', () => send({ type: 'export', state }));
$('#export-onnx').addEventListener('click', () => send({ type: 'exportOnnx' }));
$<HTMLInputElement>('#import-model').addEventListener('change', async (event) => {
  const json = await readFile(event.target as HTMLInputElement);
  if (json === null) return;
  notice('');
  setPlaying(false);
  send({ type: 'import', json });
});
$<HTMLInputElement>('#csv').addEventListener('change', async (event) => {
  const text = await readFile(event.target as HTMLInputElement);
  if (text === null) return;
  const kind: LabelKind = isRegression(state.dataset) ? 'regression' : classes(state.dataset) === 3 ? 'three' : 'two';
  try {
    const data = parseCsv(text, kind);
    const names = ['orange (class 0)', 'blue (class 1)', 'green (class 2)'];
    const mapping = data.classes.map((label, c) => `'${label}' → ${names[c]}`).join(', ');
    notice(`Loaded ${data.points.length} points${mapping ? `: ${mapping}` : ''}.`);
    // shuffled (by the seed) before the training/test split: a file sorted by label would
    // otherwise train on one class and test on the other
    ownData = new Rng(state.seed).shuffle(data.points);
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
  const point = { x1, x2, label: Number($<HTMLSelectElement>('#point-class').value) };
  // a training point: the network and its epoch stay; a later rebuild keeps it among your points
  ownData = [point, ...snapshot.train, ...snapshot.test];
  send({ type: 'addPoint', point });
});
document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (event.code === 'Space' && !['INPUT', 'SELECT', 'BUTTON', 'TEXTAREA'].includes(target.tagName)) {
    event.preventDefault();
    setPlaying(!playing);
  }
});

setPlaying(false);
setState(state);
requestAnimationFrame(frame);
