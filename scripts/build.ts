/**
 * `npm run build`: dist/server.cjs, the server bundled into one file with esbuild, and dist/cli.js, which
 * runs it through V8's code cache (src/launcher.ts). Node loads one file much faster than the 1,500 modules
 * the sources and their dependencies are (loading them took more than half of the start-up; see
 * bench/README.md). Type checking is `npm run typecheck`'s job, not the build's.
 */
import { build, type Plugin } from 'esbuild'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { chmodSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NODE_FLAGS, SHEBANG } from '../src/node-flags.js'

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
    // V8 keeps the bundle's text for as long as the server runs (it compiles functions from it lazily), as
    // one string: one byte a character while the text is Latin-1, two as soon as one character is not (a
    // dependency's box-drawing characters made it 7 MB instead of 3.5). Comments and indentation go (the
    // source map leads back to the sources), licence comments go to server.cjs.LEGAL.txt, and the build
    // checks that what is left is ASCII.
    minifyWhitespace: true,
    legalComments: 'external',
    charset: 'ascii',
    // A native addon: loaded from node_modules at run time.
    external: ['better-sqlite3'],
    // The sources find their package (../package.json, node_modules) from their module's URL.
    define: { 'import.meta.url': '__moduleUrl' },
    banner: { js: "const __moduleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [fastifyServerBuiltinsOnUse],
  })
  const nonAscii = /[^\x00-\x7f]/.exec(readFileSync(join(outdir, 'server.cjs'), 'latin1'))
  if (nonAscii) throw new Error(`dist/server.cjs is not ASCII at offset ${nonAscii.index}: V8 would keep it as two bytes a character`)
  await build({
    ...common,
    entryPoints: [join(ROOT, 'src/launcher.ts')],
    outfile: join(outdir, 'cli.js'),
    format: 'esm',
    banner: { js: SHEBANG },
  })
  chmodSync(join(outdir, 'cli.js'), 0o755) // `npm start` runs it by its first line
  await writeCodeCache(join(outdir, 'cli.js'))
}

/**
 * Fastify's server module loads node:https and node:http2 (and node:tls through them) when it loads, for
 * the `https` and `http2` options, which linkplane never sets: 13 ms of every start under the V8 flags
 * (src/node-flags.ts), whose built-ins Node compiles from source. For that module alone, each is an object
 * that loads the real one when a property is first read (fastify only reads `createServer` and the like).
 */
const fastifyServerBuiltinsOnUse: Plugin = {
  name: 'fastify-server-builtins-on-use',
  setup(build) {
    build.onResolve({ filter: /^node:(https|http2)$/ }, (args) =>
      /[\\/]fastify[\\/]lib[\\/]server\.js$/.test(args.importer) ? { path: args.path, namespace: 'on-use' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'on-use' }, (args) => ({
      contents: `let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require(${JSON.stringify(args.path)}))[key] })`,
      loader: 'js',
    }))
  },
}

/**
 * Starts the built server once, on a database in memory, and stops it once it answers: the launcher then
 * writes the code cache, with what a start compiles. A build that cannot leaves it to the first start.
 */
async function writeCodeCache(cli: string): Promise<void> {
  const server = spawn(process.execPath, [...NODE_FLAGS, cli, 'serve'], {
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
