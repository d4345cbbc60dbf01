// Test runner configuration: every suite under test/, run in Node with one fork per file so
// each file gets a fresh TensorFlow.js engine (backends are process-global).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
