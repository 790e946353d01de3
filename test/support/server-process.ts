/**
 * linkplane as a separate process, started the way `linkplane serve` runs, on a free loopback port.
 * Every process started here is stopped by PID when the test file ends, whatever happened.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after } from 'node:test'
import { NODE_FLAGS } from '../../src/node-flags.js'
import { SERVER_CREDENTIALS } from './credentials.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const running = new Set<ChildProcess>()
// When the test file ends (passed or not), nothing it started stays behind (support/database.ts removes
// the temporary databases once the processes have exited).
after(async () => {
  const exits = [...running].map((child) => once(child, 'exit'))
  for (const child of running) child.kill('SIGKILL')
  await Promise.all(exits)
})

export interface ServerProcess {
  url: string
  pid: number
  /** Everything the process printed so far. */
  output(): string
  /** SIGTERM (graceful) or SIGKILL; resolves with the exit code (null when killed by a signal). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number | null>
}

export { SERVER_CREDENTIALS } from './credentials.js'
export { temporaryDatabase, temporaryFolder } from './database.js'

/** Starts the server from the sources, or from a built `entry` (a bundled cli.js). */
export async function startServer(options: { database: string; env?: Record<string, string>; entry?: string }): Promise<ServerProcess> {
  // A built entry with the flags it is built for (its code cache is valid under those only).
  const command = options.entry ? [...NODE_FLAGS, options.entry] : ['--import', 'tsx', join(ROOT, 'src/cli.ts')]
  const child = spawn(process.execPath, [...command, 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LINKPLANE_HOST: '127.0.0.1',
      LINKPLANE_PORT: '0',
      LINKPLANE_DATABASE: options.database,
      LINKPLANE_LIFECYCLE: 'immediate',
      LINKPLANE_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child)
      resolve(code)
    }),
  )
  const url = await new Promise<string>((resolve, reject) => {
    // Generous: on a loaded machine (CI running both engines) compiling the sources alone takes a while.
    const timer = setTimeout(() => reject(new Error(`linkplane did not start in 60 s:\n${output}`)), 60_000)
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout!.on('data', check)
    exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`linkplane exited with ${code} before listening:\n${output}`))
    })
  })
  return {
    url,
    pid: child.pid!,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      child.kill(signal)
      return exited
    },
  }
}
