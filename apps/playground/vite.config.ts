import { defineConfig } from 'vite';

// Relative asset paths, so dist/index.html works from any folder or sub-path.
export default defineConfig({
  base: './',
  resolve: { conditions: ['@nn/source', 'module', 'browser', 'import', 'default'] },
});
