import { readFileSync } from 'node:fs'
import { run } from './commands.js'

/** The linux data plane cannot run here; the message says what is missing. */
export class DataPlaneUnavailable extends Error {}

const CAP_SYS_ADMIN = 21n
const CAP_NET_ADMIN = 12n

export interface Host {
  uid: number
  /** The effective capability set (CapEff of /proc/self/status), as a bit mask. */
  capabilities: bigint
  /** Whether a program answers when run (`ip -V`). */
  has(program: string): Promise<boolean>
}

/** This process and machine. */
export const thisHost: Host = {
  uid: process.getuid?.() ?? -1,
  capabilities: (() => {
    try {
      const line = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))
      return line ? BigInt(`0x${line[1]}`) : 0n
    } catch {
      return 0n
    }
  })(),
  has: (program) =>
    run(program, ['-V'], '', 5000).then(
      () => true,
      () => false,
    ),
}

/**
 * What the linux data plane needs and this host lacks, in words: CAP_NET_ADMIN, and CAP_SYS_ADMIN, which
 * `ip netns add` needs to mount a namespace (root has both, except in a container that withholds them);
 * `ip` and `bridge` (iproute2); `ping` (iputils-ping: link probes). Empty when nothing is missing.
 */
export async function missingRequirements(host: Host = thisHost): Promise<string[]> {
  const missing: string[] = []
  const lacking = [
    ['CAP_NET_ADMIN', CAP_NET_ADMIN],
    ['CAP_SYS_ADMIN', CAP_SYS_ADMIN],
  ].filter(([, bit]) => ((host.capabilities >> (bit as bigint)) & 1n) === 0n)
  if (lacking.length > 0) {
    missing.push(
      `root, or CAP_NET_ADMIN and CAP_SYS_ADMIN (running as uid ${host.uid}, without ${lacking.map(([name]) => name).join(' and ')})`,
    )
  }
  if (!(await host.has('ip')) || !(await host.has('bridge')))
    missing.push('the ip and bridge tools of iproute2 (e.g. apt-get install iproute2)')
  if (!(await host.has('ping'))) missing.push('ping (e.g. apt-get install iputils-ping)')
  return missing
}

export async function checkRequirements(host: Host = thisHost): Promise<void> {
  const missing = await missingRequirements(host)
  if (missing.length > 0) throw new DataPlaneUnavailable(`the linux data plane (LINKPLANE_DATAPLANE=linux) needs ${missing.join('; ')}`)
}
