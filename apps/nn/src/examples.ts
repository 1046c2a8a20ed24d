/**
 * The built-in example tables, `nn train --example NAME`: real data from the `vega-datasets` npm
 * package (a dependency of this app, read from disk: nothing is downloaded when it runs).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Each example: the file in vega-datasets' `data/` folder and the column it predicts. */
export const EXAMPLES = {
  penguins: {
    file: 'penguins.json',
    target: 'Species',
  },
  cars: {
    file: 'cars.json',
    target: 'Miles_per_Gallon',
  },
} as const;

/** The name of a built-in example. */
export type ExampleName = keyof typeof EXAMPLES;

/** The names of the built-in examples. */
export const EXAMPLE_NAMES = Object.keys(EXAMPLES) as ExampleName[];

/** The text (JSON) of an example table, from the installed vega-datasets package. */
export function exampleText(name: ExampleName): string {
  // the package exports only its code (build/…); its data/ folder sits beside build/
  const main = createRequire(import.meta.url).resolve('vega-datasets');
  return readFileSync(join(dirname(main), '..', 'data', EXAMPLES[name].file), 'utf8');
}
