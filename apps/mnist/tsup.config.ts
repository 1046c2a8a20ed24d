import { appConfig } from '../../tsup.app.ts';

// Three entries: the command (dist/cli.js, its `#!` line written in src/cli.ts), the worker thread it
// trains in (dist/worker.js), and the library the
// benchmark imports as `@nn/mnist` (dist/index.js and its types), their shared code in one chunk.
// No banner: it would put the command's `#!` line on the library too.
export default appConfig('src/cli.ts', {
  entry: ['src/cli.ts', 'src/index.ts', 'src/worker.ts'],
  dts: { entry: 'src/index.ts' },
  banner: {},
});
