import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const { version } = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string };

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The import process (Electron utility process) is a second entry: out/main/import-process.js.
      lib: { entry: { index: resolve(__dirname, 'electron/main/index.ts'), 'import-process': resolve(__dirname, 'electron/import-process/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS.
      lib: { entry: resolve(__dirname, 'electron/preload/index.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    // Relative URLs: the same build runs from app:// in Electron and from any static server.
    base: './',
    // Resources derived from shared/data by build/prepare-resources.ts, copied beside index.html.
    publicDir: resolve(__dirname, 'resources/generated'),
    define: { __APP_VERSION__: JSON.stringify(version) },
    plugins: [react()],
    worker: { format: 'es' },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
