import { appConfig } from '../../tsup.app.ts';

// Two entries: the command (dist/cli.js, its `#!` line written by the bin shim) and the library
// its tests and other code import as `@nn/forecast` (dist/index.js and its types), their shared code in one chunk.
export default appConfig('src/cli.ts', {
  entry: ['src/cli.ts', 'src/index.ts'],
  dts: { entry: 'src/index.ts' },
  banner: {},
});
