import { ipJson, ipJsonBatch, run } from './commands.js'
import type { Names } from './names.js'

/** A network device as the kernel reports it (`ip -json -details addr show`). */
export interface ObservedLink {
  name: string
  /** `bridge`, `veth`, `vxlan` ... ('' for a device without a kind, such as `lo`). */
  kind: string
  /** Administratively up. */
  up: boolean
  /** Up with carrier (a VXLAN device that can carry traffic). */
  running: boolean
  master?: string
  /** `address/prefix`, IPv4 and IPv6. */
  addresses: string[]
  vxlan?: { id: number; local?: string; remote?: string; port: number }
}

export interface ObservedRoute {
  /** `default`, or a CIDR (host routes get their `/32`). */
  dst: string
  dev?: string
  gateway?: string
}

/** The kernel objects under linkplane's prefix: its namespaces and, in each, the devices and main routes. */
export interface Observed {
  namespaces: Set<string>
  links: Map<string, Map<string, ObservedLink>>
  routes: Map<string, ObservedRoute[]>
  /** The VTEPs a VXLAN device floods to (its all-zero FDB entries), for devices asked for by `fdbOf`. */
  floods: Map<string, string[]>
}

interface IpLink {
  ifname: string
  flags?: string[]
  master?: string
  linkinfo?: { info_kind?: string; info_data?: { id?: number; local?: string; remote?: string; port?: number } }
  addr_info?: Array<{ local: string; prefixlen: number }>
}

/** The key of a device in `Observed.floods`. */
export const deviceKey = (namespace: string, device: string) => `${namespace}/${device}`

/**
 * Reads the kernel: `ip -json netns list`, then one `ip -batch` per namespace of ours (devices with
 * addresses, and routes), a few namespaces at a time; `bridge fdb` only for the devices in `fdbOf`.
 * A namespace deleted meanwhile reads as empty.
 */
export async function observe(names: Names, fdbOf: Array<{ namespace: string; device: string }> = []): Promise<Observed> {
  const listed = await ipJson<{ name: string }>(['netns', 'list'])
  const namespaces = new Set(listed.map((n) => n.name).filter((name) => names.owns(name)))
  const observed: Observed = { namespaces, links: new Map(), routes: new Map(), floods: new Map() }
  await eachLimited([...namespaces], 8, async (namespace) => {
    let answers: unknown[][]
    try {
      answers = await ipJsonBatch(namespace, ['addr show', 'route show'])
    } catch {
      answers = [[], []]
    }
    const [links, routes] = answers as [IpLink[], Array<{ dst: string; dev?: string; gateway?: string }>]
    observed.links.set(namespace, new Map(links.map((l) => [l.ifname, linkOf(l)])))
    observed.routes.set(
      namespace,
      routes.map((r) => ({ dst: r.dst === 'default' || r.dst.includes('/') ? r.dst : `${r.dst}/32`, dev: r.dev, gateway: r.gateway })),
    )
  })
  await eachLimited(
    fdbOf.filter((d) => observed.links.get(d.namespace)?.has(d.device)),
    8,
    async ({ namespace, device }) => {
      const text = await run('bridge', ['-n', namespace, '-json', 'fdb', 'show', 'dev', device]).catch(() => '[]')
      const entries = JSON.parse(text.trim() || '[]') as Array<{ mac: string; dst?: string }>
      observed.floods.set(
        deviceKey(namespace, device),
        entries.filter((e) => e.mac === '00:00:00:00:00:00' && e.dst).map((e) => e.dst!),
      )
    },
  )
  return observed
}

function linkOf(l: IpLink): ObservedLink {
  const flags = l.flags ?? []
  const data = l.linkinfo?.info_data
  return {
    name: l.ifname,
    kind: l.linkinfo?.info_kind ?? '',
    up: flags.includes('UP'),
    running: flags.includes('UP') && flags.includes('LOWER_UP'),
    master: l.master,
    addresses: (l.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`),
    vxlan:
      l.linkinfo?.info_kind === 'vxlan'
        ? { id: data?.id ?? 0, local: data?.local, remote: data?.remote, port: data?.port ?? 0 }
        : undefined,
  }
}

/** Runs `work` on every item, at most `limit` at a time. */
export async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
