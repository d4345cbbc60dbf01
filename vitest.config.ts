// Test runner configuration. Two projects: `node` for everything under test/ except the
// renderer (one fork per file so each gets a fresh TensorFlow.js engine: backends are
// process-global), and `renderer` for Svelte components and rune classes in happy-dom.
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**'],
          environment: 'node',
          pool: 'forks',
          // Test files run side by side on every core; oneDNN kernels each asking for every core
          // too would oversubscribe them. The onednn tests set 2 threads where they test threading.
          env: { NPAS_THREADS: '1' },
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
    ],
  },
});
