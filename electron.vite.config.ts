// Build configuration for the desktop app: the main process (src-main/app, bundling services,
// store and engine; native and tfjs packages stay external), the sandboxed preload (CommonJS, as
// Electron requires for sandboxed preloads) and the Svelte renderer (src-renderer).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      outDir: 'out/main',
      rollupOptions: {
        // The engine worker is its own entry: the jobs host starts out/main/engineWorker.js.
        input: {
          index: resolve('src-main/app/index.ts'),
          engineWorker: resolve('src-main/engine/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-main/app/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [svelte()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
