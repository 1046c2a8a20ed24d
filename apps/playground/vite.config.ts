import { defineConfig } from 'vite';

// Cross-origin isolation (COOP + COEP), so that the page may share memory with workers: what
// @nn/threads needs to run products on every core (without it, one thread).
const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// Relative asset paths, so dist/index.html works from any folder or sub-path.
export default defineConfig({
  base: './',
  resolve: { conditions: ['@nn/source', 'module', 'browser', 'import', 'default'] },
  server: { headers },
  preview: { headers },
});
