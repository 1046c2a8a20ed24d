import { appConfig } from '../../tsup.app.ts';

// the peers stay outside the bundle: they are loaded from node_modules as their users load them
// (the @nn/* dependencies, @nn/mnist among them, are outside it too, as dependencies)
export default appConfig('src/bench.ts', {
  external: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'brain.js'],
});
