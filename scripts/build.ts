/**
 * `npm run build`: dist/cli.js, the server bundled into one file with esbuild. Node loads one file much
 * faster than the 1,500 modules the sources and their dependencies are (loading them took more than half of
 * the start-up; see bench/README.md). Type checking is `npm run typecheck`'s job, not the build's.
 */
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')

/** Bundles the server into `<outdir>/cli.js` (with its source map); outdir must be one level below the root (version.ts reads ../package.json). */
export async function buildServer(outdir = join(ROOT, 'dist')): Promise<void> {
  rmSync(outdir, { recursive: true, force: true })
  await build({
    entryPoints: [join(ROOT, 'src/cli.ts')],
    outfile: join(outdir, 'cli.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    // A native addon: loaded from node_modules at run time.
    external: ['better-sqlite3'],
    // Bundled CommonJS packages call require() for Node's own modules; an ES module has no require of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  })
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildServer()
