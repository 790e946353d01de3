import { fileURLToPath } from 'node:url'

/**
 * The folder linkplane is installed in (package.json, console/dist, node_modules). This module sits one
 * level below it both in the sources (src/) and in the build, where esbuild bundles it into dist/cli.js.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url))
