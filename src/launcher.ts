/**
 * dist/cli.js: runs the bundled server (dist/server.cjs) through V8's code cache. Compiling the 2.4 MB
 * bundle, and then the functions a start calls, was a third of the CPU time of a start (65 ms of 220 for
 * `--version`); with the code cache V8 takes the compiled code as it was. Node 22 does this itself
 * (module.enableCompileCache); Node 20, which linkplane supports, does not.
 *
 * The cache is a file beside the bundle, named after V8's version and the bundle's size and modification
 * time: V8 checks that a cache was made by the same V8 with the same flags, but of the source only its
 * length. `npm run build` writes it (by running `--version`); when it is missing or V8 rejects it (another
 * Node, other flags), this process writes a new one a second after it started, or when it exits, if the
 * folder is writable. Nothing here may import the sources: they are in the bundle.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'

const bundle = fileURLToPath(new URL('./server.cjs', import.meta.url))
const { size, mtimeMs } = statSync(bundle)
const cacheFile = `${bundle}.${process.versions.v8}-${size}-${Math.trunc(mtimeMs)}.cache`

const cachedData = readIfThere(cacheFile)
const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData })
if (cachedData === undefined || script.cachedDataRejected) {
  // After the start (whose functions are then compiled, and go into the cache too), or at exit if sooner.
  const write = () => {
    process.off('exit', write)
    const temporary = `${cacheFile}.${process.pid}`
    try {
      writeFileSync(temporary, script.createCachedData())
      renameSync(temporary, cacheFile) // whole or not at all, whichever process writes it
    } catch {
      // A read-only installation: every start compiles the bundle.
    }
  }
  setTimeout(write, 1000).unref()
  process.on('exit', write)
}
const module = { exports: {} }
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle))

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file)
  } catch {
    return undefined
  }
}
