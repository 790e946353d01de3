import { builtin } from '../../platform/lazy.js'

/** Loaded when the linux data plane first runs a command (the simulated one never does). */
export const childProcess = builtin<typeof import('node:child_process')>('node:child_process')

/** A command that exited with an error: its command line and what it printed on stderr. */
export class CommandFailed extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
  ) {
    super(`${command}: ${stderr.trim() || 'failed'}`)
  }
}

/**
 * Runs a program without a shell and answers its stdout; `input` is written to its stdin (for `-batch -`).
 * A command that does not finish in `timeoutMs` is killed: a kernel call never hangs the server.
 */
export function run(program: string, args: string[], input = '', timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    // A program that exits before reading its stdin must not turn into an unhandled EPIPE.
    child.stdin.on('error', () => {})
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout)
      else reject(new CommandFailed([program, ...args].join(' '), stderr || (signal ? `killed by ${signal}` : `exit ${code}`)))
    })
    child.stdin.end(input)
  })
}

/**
 * One kernel change: an iproute2 command (`ip` or `bridge`) in a namespace linkplane owns (none for `netns`
 * commands), or namespace-wide settings, which no netlink call of iproute2 sets.
 */
export type Step =
  | {
      tool: 'ip' | 'bridge'
      namespace?: string
      /** The command after the tool's global options, e.g. `['link', 'set', 'br0', 'up']`. */
      args: string[]
    }
  | { tool: 'sysctl'; namespace: string; settings: Record<string, string> }

/**
 * Runs steps in order, each run of consecutive iproute2 steps with the same tool and namespace as one
 * `-batch` process: iproute2 stops at the first failing line and the error names it.
 */
export async function runSteps(steps: Step[]): Promise<void> {
  let i = 0
  while (i < steps.length) {
    const step = steps[i]
    if (step.tool === 'sysctl') {
      await writeSysctls(step.namespace, step.settings)
      i++
      continue
    }
    const lines: string[] = []
    for (; i < steps.length; i++) {
      const next = steps[i]
      if (next.tool !== step.tool || next.namespace !== step.namespace) break
      lines.push(batchLine(next.args))
    }
    await run(step.tool, [...(step.namespace ? ['-n', step.namespace] : []), '-batch', '-'], lines.join('\n') + '\n')
  }
}

/**
 * One line of `-batch` input. iproute2 splits lines at blanks and reads quotes, so an argument holding
 * either could smuggle in another command; every argument linkplane writes is an id, address, number or
 * keyword, so anything else is refused.
 */
function batchLine(args: string[]): string {
  const bad = args.find((arg) => arg === '' || /[\s"'\\#]/.test(arg))
  if (bad !== undefined) throw new Error(`refusing the batch argument ${JSON.stringify(bad)}`)
  return args.join(' ')
}

/**
 * Writes `/proc/sys` settings inside a namespace (`/proc/sys/net` shows the namespace of the process that
 * opens it). Keys and values are linkplane's own constants, never input.
 */
async function writeSysctls(namespace: string, settings: Record<string, string>): Promise<void> {
  for (const [key, value] of Object.entries(settings)) {
    if (!/^[a-z0-9_.]+$/.test(key) || !/^[0-9]+$/.test(value)) throw new Error(`refusing sysctl ${key}=${value}`)
  }
  const script = Object.entries(settings)
    .map(([key, value]) => `echo ${value} > /proc/sys/${key.replaceAll('.', '/')}`)
    .join(' && ')
  await run('ip', ['netns', 'exec', namespace, 'sh', '-c', script])
}

/** `ip -json` output: empty output (some commands print nothing when there is nothing) is an empty list. */
export async function ipJson<T>(args: string[]): Promise<T[]> {
  const text = (await run('ip', ['-json', ...args])).trim()
  return text === '' ? [] : (JSON.parse(text) as T[])
}

/** Several `ip -json` commands in one process and namespace; one answer (a JSON list) per command. */
export async function ipJsonBatch(namespace: string, commands: string[]): Promise<unknown[][]> {
  const text = await run('ip', ['-n', namespace, '-json', '-details', '-batch', '-'], commands.join('\n') + '\n')
  const answers = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown[])
  if (answers.length !== commands.length) throw new CommandFailed(`ip -n ${namespace} -json -batch`, 'unexpected output')
  return answers
}

/** Runs a program inside a namespace (`ip netns exec`); answers whether it exited 0. */
export async function succeedsIn(namespace: string, program: string, args: string[], timeoutMs?: number): Promise<boolean> {
  try {
    await run('ip', ['netns', 'exec', namespace, program, ...args], '', timeoutMs)
    return true
  } catch (error) {
    if (error instanceof CommandFailed) return false
    throw error
  }
}
