import { defineConfig } from 'vite'

/**
 * The web console: a static single-page app, built with `vite build console` into console/dist and served
 * by linkplane itself at /_linkplane/console/ (src/console/). Everything is bundled: no CDN, works offline.
 */
export default defineConfig({
  base: '/_linkplane/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  logLevel: 'warn',
})
