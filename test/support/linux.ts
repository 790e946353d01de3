/**
 * For tests of the linux data plane. Several test runs share this machine and network namespaces are
 * global, so each test file uses a prefix of its own (`lpt` + random letters), sweeps only that prefix at
 * its start, and removes every namespace under it when it ends, passed or failed: what the namespaces
 * hold (bridges, veths, VXLAN devices) goes with them.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { after } from 'node:test'
import { missingRequirements } from '../../src/dataplane/linux/preflight.js'
import type { Config } from '../../src/config.js'

/** Why the linux data plane cannot be tested here (the test output says so), or false. */
export async function linuxSkipReason(): Promise<string | false> {
  const missing = await missingRequirements()
  return missing.length === 0 ? false : `linux data plane tests need ${missing.join('; ')}`
}

const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' })

export function namespacesUnder(prefix: string): string[] {
  const text = ip('-json', 'netns', 'list').trim()
  return (text ? (JSON.parse(text) as Array<{ name: string }>) : []).map((n) => n.name).filter((name) => name.startsWith(prefix))
}

export function removeNamespaces(prefix: string): void {
  for (const name of namespacesUnder(prefix)) {
    try {
      ip('netns', 'del', name)
    } catch {
      // Gone meanwhile.
    }
  }
}

/**
 * Devices of the host's own namespace named the way the data plane names its own: there must never be
 * any (other programs' devices come and go on a shared machine, so only these are compared).
 */
export function hostDevices(): string[] {
  return (JSON.parse(ip('-json', 'link', 'show')) as Array<{ ifname: string }>)
    .map((l) => l.ifname)
    .filter((name) => /^((br|vx|e|h|p)[0-9a-f]{12}|ul0?)$/.test(name))
    .sort()
}

/**
 * A prefix of this test file's own, swept now and removed when the file ends. Checks at the end that
 * nothing under it is left, and that no device of the data plane's kind appeared in the host's own namespace.
 */
export function privatePrefix(): string {
  const prefix = `lpt${randomBytes(4).toString('hex').slice(0, 7)}-`
  removeNamespaces(prefix)
  const devices = hostDevices()
  after(() => {
    removeNamespaces(prefix)
    const left = namespacesUnder(prefix)
    if (left.length > 0) throw new Error(`namespaces left behind: ${left.join(', ')}`)
    const now = hostDevices()
    if (JSON.stringify(now) !== JSON.stringify(devices)) {
      throw new Error(`devices appeared in the host's own namespace: ${JSON.stringify(devices)} -> ${JSON.stringify(now)}`)
    }
  })
  return prefix
}

/**
 * The linux data plane under `prefix`. The periodic link check is left far off, so that what the tests see
 * happen within seconds comes from API writes and netlink events.
 */
export function linuxDataPlane(prefix: string): Pick<Config, 'dataplane'> {
  return { dataplane: { driver: 'linux', prefix, checkSeconds: 600 } }
}

/** Whether `from` (a namespace) reaches `address` with one ping, in `seconds`. */
export function pings(from: string, address: string, seconds = 1): boolean {
  try {
    execFileSync('ip', ['netns', 'exec', from, 'ping', '-n', '-q', '-c', '1', '-W', String(seconds), address], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** `ip -json -details link show` in a namespace (optionally only devices of one type). */
export function linksIn(namespace: string, type?: string): any[] {
  const text = ip('-n', namespace, '-json', '-details', 'link', 'show', ...(type ? ['type', type] : [])).trim()
  return text ? JSON.parse(text) : []
}

export function routesIn(namespace: string): any[] {
  const text = ip('-n', namespace, '-json', 'route', 'show').trim()
  return text ? JSON.parse(text) : []
}

export { ip }
