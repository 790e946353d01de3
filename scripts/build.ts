/**
 * `npm run build`: dist/server.cjs, the server bundled into one file with esbuild, and dist/cli.js, which
 * runs it through V8's code cache (src/launcher.ts). Node loads one file much faster than the 1,500 modules
 * the sources and their dependencies are (loading them took more than half of the start-up; see
 * bench/README.md). Type checking is `npm run typecheck`'s job, not the build's.
 */
import { build } from 'esbuild'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')

/** Bundles the server into `<outdir>/server.cjs` (with its source map) and its launcher `<outdir>/cli.js`; outdir must be one level below the root (version.ts reads ../package.json). */
export async function buildServer(outdir = join(ROOT, 'dist')): Promise<void> {
  rmSync(outdir, { recursive: true, force: true })
  const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' } as const
  await build({
    ...common,
    entryPoints: [join(ROOT, 'src/cli.ts')],
    outfile: join(outdir, 'server.cjs'),
    // CommonJS, which node:vm compiles with a code cache (an ES module it cannot, on Node 20).
    format: 'cjs',
    sourcemap: 'linked',
    // A native addon: loaded from node_modules at run time.
    external: ['better-sqlite3'],
    // The sources find their package (../package.json, node_modules) from their module's URL.
    define: { 'import.meta.url': '__moduleUrl' },
    banner: { js: "const __moduleUrl = require('node:url').pathToFileURL(__filename).href;" },
  })
  await build({ ...common, entryPoints: [join(ROOT, 'src/launcher.ts')], outfile: join(outdir, 'cli.js'), format: 'esm' })
  await writeCodeCache(join(outdir, 'cli.js'))
}

/**
 * Starts the built server once, on a database in memory, and stops it once it answers: the launcher then
 * writes the code cache, with what a start compiles. A build that cannot leaves it to the first start.
 */
async function writeCodeCache(cli: string): Promise<void> {
  const server = spawn(process.execPath, [cli, 'serve'], {
    env: {
      PATH: process.env.PATH,
      LINKPLANE_DATABASE: ':memory:',
      LINKPLANE_HOST: '127.0.0.1',
      LINKPLANE_PORT: '0',
      LINKPLANE_LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = once(server, 'exit')
  const timer = setTimeout(() => server.kill('SIGKILL'), 30_000)
  let output = ''
  for await (const chunk of server.stdout) {
    output += chunk
    if (/listening on/.test(output)) {
      server.kill('SIGTERM')
      break
    }
  }
  await exited
  clearTimeout(timer)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildServer()
