import { defineConfig } from 'vitest/config';

/**
 * Tests run against the sibling packages' sources (the "@nn/source" export condition), so one
 * package's tests run alone without building the others first.
 */
const conditions = ['@nn/source', 'import', 'module', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: { include: ['test/**/*.test.ts'] },
});
