/** Starting the two servers the benchmark compares, and reading their peak memory. */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export interface Server {
  url: string
  pid: number
  child: ChildProcess
  /** Milliseconds from spawn to the first answered health request. */
  startupMs: number
  stop(): Promise<void>
}

/** linkplane as `npm start` runs it (the built dist/), falling back to the sources through tsx. */
export function linkplaneCommand(): string[] {
  const built = join(ROOT, 'dist/cli.js')
  return existsSync(built) ? [built, 'serve'] : ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'serve']
}

export async function start(args: string[], env: Record<string, string>, healthPath: string): Promise<Server> {
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 20 s: ${output}`)), 20_000)
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)))
  })
  for (;;) {
    const ok = await fetch(`${url}${healthPath}`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    await new Promise((r) => setTimeout(r, 5))
  }
  const startupMs = performance.now() - started
  return {
    url,
    pid: child.pid!,
    child,
    startupMs,
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** Peak resident memory of a process so far, in MiB (VmHWM). */
export function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) / 1024 : NaN
}
