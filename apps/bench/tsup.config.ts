import { builtinModules } from 'node:module';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';
import { appConfig } from '../../tsup.app.ts';

/**
 * The page imports `@nn/mnist` for `buildModel`, whose data module also reads files with Node's
 * modules (`node:fs`, or `fs` in its build), which the page never calls: they stay out of the
 * bundle, as imports with no side effects that esbuild then drops. Were one used, the page would
 * fail to load, loudly.
 */
const builtin = new RegExp(`^(node:.*|${builtinModules.join('|')})$`);
const nodeBuiltinsUnused: Plugin = {
  name: 'node-builtins-unused',
  setup(build) {
    // only `import` statements: tfjs's `require('fs')` in its Node branches keep their own `browser` mapping
    build.onResolve({ filter: builtin }, (args) =>
      args.kind === 'import-statement' ? { path: args.path, external: true, sideEffects: false } : undefined,
    );
  },
};

export default defineConfig([
  // the command: the peers stay outside the bundle, loaded from node_modules as their users load
  // them (the @nn/* dependencies, @nn/mnist and @nn/cli-kit among them, are outside it too)
  appConfig('src/bench.ts', { external: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'brain.js'] }),
  // the page `pnpm bench --browser` serves to Chromium: everything in one file
  {
    entry: { page: 'src/page.ts' },
    outDir: 'dist/page',
    format: ['esm'],
    platform: 'browser',
    target: 'chrome120',
    noExternal: [/./],
    clean: true,
    esbuildPlugins: [nodeBuiltinsUnused],
  },
]);
