/**
 * The settings form, generated from the state's table of properties: a select for each choice, a
 * slider or number field for each number, a checkbox for each switch; the dataset as thumbnails of
 * its data, the seed with a "New seed" button. Only labels and which fields show when are written
 * by hand. A number out of its range is marked in place, with the value training keeps.
 */
import { colour, css } from './colours';
import { generate, isRegression } from './dataset';
import { FEATURES } from './features';
import { paintPoints } from './heatmap';
import { DATASETS, type Dataset, FEATURE_NAMES, PROPERTIES, readProperty, type State } from './state';

const LABELS: Record<string, string> = {
  dataset: 'Dataset',
  problem: 'Problem type',
  noise: 'Noise (%)',
  trainRatio: 'Training data (%)',
  batchSize: 'Batch size',
  seed: 'Seed',
  learningRate: 'Learning rate',
  activation: 'Activation',
  regularization: 'Regularization',
  regularizationRate: 'Regularization rate',
  optimizer: 'Optimizer',
  momentum: 'Momentum μ',
  beta1: 'Adam β₁',
  beta2: 'Adam β₂',
  showTestData: 'Show test data',
  discretize: 'Discretize output',
  ...Object.fromEntries(FEATURE_NAMES.map((name) => [name, FEATURES[name].label])),
};

/** Fields shown only when they apply. */
const SHOWN_WHEN: Record<string, (state: State) => boolean> = {
  momentum: (s) => s.optimizer === 'momentum',
  beta1: (s) => s.optimizer === 'adam',
  beta2: (s) => s.optimizer === 'adam',
  regularizationRate: (s) => s.regularization !== 'none',
};

const THUMBNAIL = 48;

/** Builds the form into `container`; `onChange` gets the new state and the name of the field. */
export function renderControls(
  container: HTMLElement,
  state: State,
  onChange: (state: State, field: string) => void,
): void {
  container.replaceChildren();
  const change = (name: string, value: unknown) => onChange({ ...state, [name]: value } as State, name);
  for (const p of PROPERTIES) {
    if (p.type === 'integers') continue; // the network's shape has its own buttons
    if (SHOWN_WHEN[p.name] && !SHOWN_WHEN[p.name]!(state)) continue;
    const value = (state as Record<string, unknown>)[p.name];
    if (p.name === 'dataset') {
      container.append(datasetPicker(state, (dataset) => change('dataset', dataset)));
      continue;
    }
    const id = `control-${p.name}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = LABELS[p.name] ?? p.name;
    const row = document.createElement('div');
    row.className = `control control-${p.type}`;
    if (p.type === 'enum') {
      const select = document.createElement('select');
      for (const v of p.values) select.append(new Option(v, v, false, v === value));
      select.addEventListener('change', () => change(p.name, select.value));
      row.append(label, named(select, id, p.name));
    } else if (p.type === 'boolean') {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = Boolean(value);
      box.addEventListener('change', () => change(p.name, box.checked));
      row.append(label, named(box, id, p.name));
    } else {
      const input = document.createElement('input');
      // integers are sliders, but the seed is typed (any of a million)
      const slider = p.type === 'integer' && p.name !== 'seed';
      input.type = slider ? 'range' : 'number';
      input.min = String(p.min);
      input.max = String(p.max);
      input.step = p.type === 'integer' ? '1' : 'any';
      input.value = String(value);
      row.append(label, named(input, id, p.name));
      if (slider) {
        const shown = document.createElement('output');
        shown.htmlFor.add(id);
        shown.textContent = String(value);
        input.addEventListener('input', () => (shown.textContent = input.value));
        row.append(shown);
      } else {
        const error = document.createElement('span');
        error.id = `${id}-error`;
        error.className = 'invalid';
        error.hidden = true;
        input.setAttribute('aria-describedby', error.id);
        // the number as typed, or undefined (and the field marked) when it is not one in range
        const read = (): number | undefined => {
          const n = readProperty(p, input.value) as number | undefined;
          const ok = n !== undefined;
          // a number field reads '' both when empty and when what is typed is not a number
          const typed = input.value === '' ? 'an empty field (or not a number)' : `'${input.value}'`;
          input.setAttribute('aria-invalid', String(!ok));
          error.hidden = ok;
          error.textContent = ok
            ? ''
            : `${LABELS[p.name]}: ${typed} is not ${p.type === 'integer' ? 'a whole number' : 'a number'} from ${p.min} to ${p.max}; training uses ${value}.`;
          return n;
        };
        input.addEventListener('input', read);
        input.addEventListener('change', () => {
          const n = read();
          if (n !== undefined && n !== value) change(p.name, n);
        });
        row.classList.add('control-field');
        if (p.name === 'seed') {
          const again = document.createElement('button');
          again.type = 'button';
          again.id = 'new-seed';
          again.textContent = 'New seed';
          again.title = 'Draw the data again from a new random seed';
          again.addEventListener('click', () => change('seed', newSeed(state.seed, p.max)));
          row.append(again);
        }
        row.append(error);
      }
    }
    container.append(row);
  }
}

function named<T extends HTMLInputElement | HTMLSelectElement>(input: T, id: string, name: string): T {
  input.id = id;
  input.name = name;
  return input;
}

/** A random seed in [0, max] other than `current`. */
function newSeed(current: number, max: number): number {
  const seed = Math.floor(Math.random() * max);
  return seed === current ? (seed + 1) % (max + 1) : seed;
}

/** The datasets of the state's problem type as radio buttons, each a thumbnail of its data. */
function datasetPicker(state: State, pick: (dataset: Dataset) => void): HTMLFieldSetElement {
  const fieldset = document.createElement('fieldset');
  fieldset.id = 'control-dataset';
  fieldset.className = 'datasets';
  const legend = document.createElement('legend');
  legend.textContent = LABELS.dataset as string;
  fieldset.append(legend);
  const regression = state.problem === 'regression';
  for (const dataset of DATASETS.filter((d) => isRegression(d) === regression)) {
    const label = document.createElement('label');
    label.className = 'thumbnail';
    label.title = dataset;
    const radio = named(document.createElement('input'), `dataset-${dataset}`, 'dataset');
    radio.type = 'radio';
    radio.value = dataset;
    radio.checked = dataset === state.dataset;
    radio.addEventListener('change', () => radio.checked && pick(dataset));
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = THUMBNAIL;
    canvas.setAttribute('aria-hidden', 'true');
    thumbnail(canvas, dataset);
    const name = document.createElement('span');
    name.textContent = dataset;
    label.append(radio, canvas, name);
    fieldset.append(label);
  }
  return fieldset;
}

/** Cached thumbnails: a dataset's points (seed 1, no noise) as small dots on white. */
const pictures = new Map<Dataset, ImageData>();

function thumbnail(canvas: HTMLCanvasElement, dataset: Dataset): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const cached = pictures.get(dataset);
  if (cached) {
    context.putImageData(cached, 0, 0);
    return;
  }
  context.fillStyle = css(colour(0));
  context.fillRect(0, 0, canvas.width, canvas.height);
  const points = generate(dataset, 0, 1).slice(0, 150);
  paintPoints(canvas, points, { threeClasses: dataset === 'three', radius: 1.6, ring: false });
  pictures.set(dataset, context.getImageData(0, 0, canvas.width, canvas.height));
}
