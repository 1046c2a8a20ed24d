import { appConfig } from '../../tsup.app.ts';

// No banner: the command's `#!` line is in bin/nn.js, which imports dist/cli.js.
export default appConfig('src/cli.ts', { banner: {} });
