// Vite build of the web client: served as the Worker's static assets, no inline script or style.
import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'

export default defineConfig({
  root: 'web',
  plugins: [solid()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: {
      polyfill: false,
      // A lazy chunk's own imports are fetched when it runs; preloading them alongside it would put
      // every lazy chunk's file names in the text path (370 B of gzip). Only the media code keeps its
      // preloads: the first face waits for livekit-client behind it (issue 20).
      resolveDependencies: (file, deps) => (/(^|\/)(media|MediaPanel|livekit)-/.test(file) ? deps : []),
    },
    // Never inline assets as data: URLs or scripts; the CSP allows only 'self'.
    assetsInlineLimit: 0,
    target: 'es2022',
    // .vite/manifest.json: the import graph test/bench/bundle-size.mjs follows.
    manifest: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything the entry imports statically (Solid, the join page, quick exit) in the entry
          // itself: left to itself, Rolldown puts the part lazy chunks share too (Solid's runtime,
          // its store, quick exit, Vite's preload helper) in a chunk of its own, named after the
          // preload helper — one more file on the first screen, compressed apart (650 B more).
          groups: [{ name: 'index', tags: ['$initial'] }],
        },
      },
    },
  },
})
