import { defineConfig, type Options } from 'tsup';

/** The build every Node app shares: one ESM file for Node 20, runnable as a command. */
export function appConfig(entry: string, options: Options = {}) {
  return defineConfig({
    entry: [entry],
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    sourcemap: true,
    clean: true,
    banner: { js: '#!/usr/bin/env node' },
    ...options,
  });
}
