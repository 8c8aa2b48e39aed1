import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // server.js is the browser host: the same app in plain Node, without Electron.
        input: { index: resolve('src/main/index.ts'), server: resolve('src/main/server.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload may require nothing but electron: bundle it into one file.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve('src/preload/index.ts') } },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: { rollupOptions: { input: resolve('src/renderer/index.html') } },
  },
})
