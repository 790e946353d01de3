/** Starting the servers the benchmark compares, and reading their peak memory. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NODE_ENVIRONMENT, NODE_FLAGS } from '../src/node-flags.js'
import { SERVER_CREDENTIALS } from '../test/support/credentials.js'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

const running = new Set<ChildProcess>()
// Whatever happens to the benchmark, the servers it started do not outlive it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export interface Server {
  url: string
  pid: number
  child: ChildProcess
  /** Milliseconds from spawn to the first answered health request. */
  startupMs: number
  /** CPU time (user and system, all threads) the process had used by then: steadier than wall time on a busy machine. */
  startupCpuMs: number
  stop(): Promise<void>
}

/** Builds dist/ from the sources, so that the benchmark measures them as `npm start` runs them. */
export function build(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' })
}

/**
 * linkplane as `npm start` runs it (the built dist/, with the Node flags of its first line). With
 * BENCH_CPU_PROF=<dir>, each linkplane process writes a V8 CPU profile there when it stops (open it in
 * Chrome's DevTools); BENCH_NODE_ARGS adds Node flags to every linkplane process (V8's heap sizes, a `-r`
 * preload that counts something).
 */
export function linkplaneCommand(): string[] {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
  const flags = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)
  return [...NODE_FLAGS, ...profile, ...flags, join(ROOT, 'dist/cli.js'), 'serve']
}

/** A reference server of bench/ (plain JavaScript: no loader at start-up). */
export const scriptCommand = (name: string): string[] => [join(ROOT, 'bench', name)]

export async function start(args: string[], env: Record<string, string>, healthPath: string): Promise<Server> {
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  running.add(child)
  child.on('exit', () => running.delete(child))
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
    startupCpuMs: cpuMs(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** CPU time a process has used so far (utime + stime of /proc/<pid>/stat, in clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** Peak resident memory of a process so far, in MiB (VmHWM). */
export function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) / 1024 : NaN
}

/** A new folder of the benchmark's, removed when it ends (after its servers, which exit first: see above). */
const folders: string[] = []
export function newFolder(): string {
  folders.push(mkdtempSync(join(tmpdir(), 'linkplane-bench-')))
  return folders[folders.length - 1]
}
process.on('exit', () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

export const newDatabase = () => join(newFolder(), 'bench.db')

const linkplaneEnv = (database: string) => ({
  ...NODE_ENVIRONMENT,
  ...SERVER_CREDENTIALS,
  LINKPLANE_PORT: '0',
  LINKPLANE_DATABASE: database,
  LINKPLANE_LOG_LEVEL: 'warn',
})

/**
 * linkplane on `database`, as `npm start` runs it unless another command is given (bench/write-path.ts's
 * baseline), with `env` added.
 */
export const startLinkplane = (database: string, command = linkplaneCommand(), env: Record<string, string> = {}) =>
  start(command, { ...linkplaneEnv(database), ...env }, '/_linkplane/health')

/** The naive reference server on a new database of its own. */
export const startNaive = () => start(scriptCommand('naive-server.mjs'), { BENCH_DATABASE: newDatabase() }, '/health')

/** The bare server, answering `bodies` (`{ "<METHOD> <path>": body }`). */
export function startBare(bodies: Record<string, string> = {}) {
  const file = join(newFolder(), 'bodies.json')
  writeFileSync(file, JSON.stringify(bodies))
  return start(scriptCommand('bare-server.mjs'), { BENCH_BODIES: file }, '/health')
}
