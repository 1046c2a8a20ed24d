/**
 * The settings form, generated from the state's table of properties: a select for each choice, a
 * slider or number field for each number, a checkbox for each switch. Only labels are written by
 * hand.
 */
import { FEATURES } from './features';
import { FEATURE_NAMES, PROPERTIES, type State } from './state';

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

/** Builds the form into `container`; `onChange` gets the new state and the name of the field. */
export function renderControls(
  container: HTMLElement,
  state: State,
  onChange: (state: State, field: string) => void,
): void {
  container.replaceChildren();
  for (const p of PROPERTIES) {
    if (p.type === 'integers') continue; // the network's shape has its own buttons
    const id = `control-${p.name}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = LABELS[p.name] ?? p.name;
    let input: HTMLInputElement | HTMLSelectElement;
    const value = (state as Record<string, unknown>)[p.name];
    if (p.type === 'enum') {
      input = document.createElement('select');
      for (const v of p.values) input.append(new Option(v, v, false, v === value));
    } else {
      input = document.createElement('input');
      if (p.type === 'boolean') {
        input.type = 'checkbox';
        input.checked = Boolean(value);
      } else {
        input.type = p.type === 'integer' ? 'range' : 'number';
        input.min = String(p.min);
        input.max = String(p.max);
        input.step = p.type === 'integer' ? '1' : 'any';
        input.value = String(value);
      }
    }
    input.id = id;
    input.name = p.name;
    input.addEventListener('change', () => {
      const next = { ...state } as Record<string, unknown>;
      if (input instanceof HTMLInputElement && input.type === 'checkbox') next[p.name] = input.checked;
      else if (p.type === 'enum') next[p.name] = input.value;
      else {
        const n = Number(input.value);
        if (!Number.isFinite(n) || n < (p as { min: number }).min || n > (p as { max: number }).max) return;
        next[p.name] = n;
      }
      onChange(next as State, p.name);
    });
    const row = document.createElement('div');
    row.className = `control control-${p.type}`;
    row.append(label, input);
    if (p.type === 'integer') {
      const shown = document.createElement('output');
      shown.htmlFor.add(id);
      shown.textContent = String(value);
      input.addEventListener('input', () => (shown.textContent = input.value));
      row.append(shown);
    }
    container.append(row);
  }
}
