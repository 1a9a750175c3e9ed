// Vite build of the web client: served as the Worker's static assets, no inline script or style.
import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'

export default defineConfig({
  root: 'web',
  plugins: [solid()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs or scripts; the CSP allows only 'self'.
    assetsInlineLimit: 0,
    target: 'es2022',
    // .vite/manifest.json: the import graph test/bench/bundle-size.mjs follows.
    manifest: true,
  },
})
