/**
 * The playground's whole state, kept in the URL. One table of properties (name, type, allowed
 * values, default) drives parsing and writing: no code per field. A hand-edited or stale URL
 * falls back to the default for each field it cannot read, and says which.
 */

export const DATASETS = ['circle', 'xor', 'gauss', 'spiral', 'plane', 'multigauss', 'three'] as const;
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear'] as const;
export const REGULARIZATIONS = ['none', 'L1', 'L2'] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export const FEATURE_NAMES = ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1TimesX2', 'sinX1', 'sinX2'] as const;
export const PROBLEMS = ['classification', 'regression'] as const;

export type Dataset = (typeof DATASETS)[number];
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** One property of the state: how it reads from and writes to the URL. */
export type Property =
  | { name: string; type: 'enum'; values: readonly string[]; default: string }
  | { name: string; type: 'number'; min: number; max: number; default: number }
  | { name: string; type: 'integer'; min: number; max: number; default: number }
  | { name: string; type: 'boolean'; default: boolean }
  | { name: string; type: 'integers'; min: number; max: number; maxLength: number; default: number[] };

/** Every property of the state, in URL order. */
export const PROPERTIES = [
  { name: 'dataset', type: 'enum', values: DATASETS, default: 'circle' },
  { name: 'problem', type: 'enum', values: PROBLEMS, default: 'classification' },
  { name: 'noise', type: 'integer', min: 0, max: 50, default: 0 },
  { name: 'trainRatio', type: 'integer', min: 10, max: 90, default: 50 },
  { name: 'batchSize', type: 'integer', min: 1, max: 30, default: 10 },
  { name: 'seed', type: 'integer', min: 0, max: 999999, default: 1 },
  { name: 'learningRate', type: 'number', min: 0.00001, max: 10, default: 0.03 },
  { name: 'activation', type: 'enum', values: ACTIVATIONS, default: 'tanh' },
  { name: 'regularization', type: 'enum', values: REGULARIZATIONS, default: 'none' },
  { name: 'regularizationRate', type: 'number', min: 0, max: 10, default: 0 },
  { name: 'optimizer', type: 'enum', values: OPTIMIZERS, default: 'sgd' },
  { name: 'momentum', type: 'number', min: 0, max: 0.999, default: 0.9 },
  { name: 'beta1', type: 'number', min: 0, max: 0.999, default: 0.9 },
  { name: 'beta2', type: 'number', min: 0, max: 0.99999, default: 0.999 },
  { name: 'networkShape', type: 'integers', min: 1, max: 8, maxLength: 8, default: [4, 2] },
  ...FEATURE_NAMES.map((name) => ({ name, type: 'boolean', default: name === 'x1' || name === 'x2' }) as const),
  { name: 'showTestData', type: 'boolean', default: false },
  { name: 'discretize', type: 'boolean', default: false },
] as const satisfies readonly Property[];

/** The settings that only change how the network trains: changing one keeps the network and its epoch. */
export const TRAINING_SETTINGS = [
  'learningRate',
  'batchSize',
  'regularization',
  'regularizationRate',
  'optimizer',
  'momentum',
  'beta1',
  'beta2',
] as const;

type Value<P> = P extends { type: 'enum'; values: readonly (infer V)[] }
  ? V
  : P extends { type: 'number' | 'integer' }
    ? number
    : P extends { type: 'boolean' }
      ? boolean
      : number[];
/** The playground's state: one field per property. */
export type State = { [P in (typeof PROPERTIES)[number] as P['name']]: Value<P> };

/** The state with every property at its default. */
export function defaultState(): State {
  return Object.fromEntries(PROPERTIES.map((p) => [p.name, structuredClone(p.default)])) as unknown as State;
}

/** A property's value read from its text (a URL's or a field's), or undefined when it is not allowed. */
export function readProperty(p: Property, text: string): unknown {
  switch (p.type) {
    case 'enum':
      return p.values.includes(text) ? text : undefined;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'number':
    case 'integer': {
      const n = Number(text);
      const ok =
        text.trim() !== '' &&
        Number.isFinite(n) &&
        n >= p.min &&
        n <= p.max &&
        (p.type === 'number' || Number.isInteger(n));
      return ok ? n : undefined;
    }
    case 'integers': {
      if (text === '') return [];
      const list = text.split(',').map(Number);
      const ok = list.length <= p.maxLength && list.every((n) => Number.isInteger(n) && n >= p.min && n <= p.max);
      return ok ? list : undefined;
    }
  }
}

/**
 * The state a URL query (`dataset=xor&networkShape=4,2&…`) describes: every field it cannot read
 * keeps its value in `base` (the defaults unless given), and `problems` names each one
 * ("noise: 'abc' is not allowed").
 */
export function parseState(query: string, base: State = defaultState()): { state: State; problems: string[] } {
  const state = structuredClone(base) as Record<string, unknown>;
  const problems: string[] = [];
  const params = new URLSearchParams(query.startsWith('#') || query.startsWith('?') ? query.slice(1) : query);
  for (const p of PROPERTIES as readonly Property[]) {
    const text = params.get(p.name);
    if (text === null) continue;
    const value = readProperty(p, text);
    if (value === undefined)
      problems.push(`${p.name}: '${text}' is not allowed, using ${String((base as Record<string, unknown>)[p.name])}`);
    else state[p.name] = value;
  }
  for (const name of params.keys()) {
    if (!PROPERTIES.some((p) => p.name === name)) problems.push(`${name}: unknown setting, ignored`);
  }
  return { state: state as State, problems };
}

/** The URL query that `parseState` reads back to the same state. */
export function serializeState(state: State): string {
  return PROPERTIES.map((p) => {
    const value = (state as Record<string, unknown>)[p.name];
    return `${p.name}=${encodeURIComponent(Array.isArray(value) ? value.join(',') : String(value))}`;
  }).join('&');
}

/**
 * The state that settings saved as an object (a model file's metadata) describe, read through the
 * same table as the URL: a field that does not read keeps `base`'s value and `problems` names it.
 */
export function stateFromSettings(settings: unknown, base: State): { state: State; problems: string[] } {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings))
    return { state: base, problems: ['the settings saved with the model are not an object, the page keeps its own'] };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(settings))
    query.set(name, Array.isArray(value) ? value.join(',') : String(value));
  return parseState(query.toString(), base);
}
