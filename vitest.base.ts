import { defineConfig } from 'vitest/config';

/**
 * Tests run against the sibling packages' sources (the "@nn/source" export condition), so one
 * package's tests run alone without building the others first.
 */
const conditions = ['@nn/source', 'import', 'module', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  // child processes and a real browser take seconds on a busy 2-core machine: a generous limit
  // (no test checks a time; speed is measured by pnpm bench)
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
