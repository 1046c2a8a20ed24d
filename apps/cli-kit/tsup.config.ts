import { defineConfig } from 'tsup';

/** A library for the Node apps of this repository: ESM and its types, for Node 20. */
export default defineConfig({
  entry: ['src/index.ts', 'src/chromium.ts'],
  format: ['esm'],
  dts: true,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
});
