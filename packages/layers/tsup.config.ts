import { defineConfig } from 'tsup';
import base from '../../tsup.base.ts';

/**
 * The shared build, with two more entries: `@nn/layers/testing` (the layer contract checks) and
 * `@nn/layers/internal` (what the compiled path of `@nn/train` reads). `testing` imports the
 * package by its own name, kept external so that it shares the one layer registry.
 */
export default defineConfig({
  ...(base as object),
  entry: ['src/index.ts', 'src/testing.ts', 'src/internal.ts'],
  external: ['@nn/layers'],
});
