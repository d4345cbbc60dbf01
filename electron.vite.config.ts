// Build configuration for the desktop app: the main process (src-main/app, bundling services,
// store and engine; native and tfjs packages stay external) with the `npas` CLI beside it, the
// sandboxed preload (CommonJS, as Electron requires for sandboxed preloads) and the Svelte
// renderer (src-renderer).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      outDir: 'out/main',
      rollupOptions: {
        // The engine worker is its own entry: the jobs host starts out/main/engineWorker.js. The
        // `npas` CLI is one too (out/main/cli.js), so bin/npas.js runs compiled JavaScript
        // instead of loading TypeScript through tsx at every start.
        input: {
          index: resolve('src-main/app/index.ts'),
          engineWorker: resolve('src-main/engine/worker.ts'),
          cli: resolve('src-main/cli/main.ts'),
        },
        // Shared chunks beside the entries, not in chunks/: modules find the resources folder,
        // the built renderer and engineWorker.js relative to their own file (import.meta.url).
        output: { chunkFileNames: '[name]-[hash].js' },
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
      // electron-vite leaves the renderer unminified; minified, the bundle is under half the
      // size (1.07 MB -> 0.49 MB) and the page parses and compiles it sooner (bench:ui).
      minify: true,
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
