import type { LinkStatus } from '../driver.js'
import { ipJson, succeedsIn } from './commands.js'
import { crossingPeers, type Intent } from './intent.js'
import { Devices, probeAddress, type Names } from './names.js'
import { eachLimited } from './observe.js'

/**
 * Each built connection's link, from the kernel: `connected` only when its VXLAN device is up and a peer
 * answers across the tunnel, `disconnect` otherwise. The probe is an ICMPv6 echo from the connection's
 * subnet bridge to the link-local probe address of a crossing connection's subnet bridge: it goes out
 * through this VXLAN device, over the underlay to the remote VTEP, through the remote VXLAN device (which
 * must exist, on the same VNI, pointing back) and its bridge, and back. A remote tunnel IP that belongs to
 * no instance, or whose instance has no connection pointing back, answers nobody.
 */
export async function checkLinks(names: Names, intent: Intent): Promise<Map<string, LinkStatus>> {
  const candidates = intent.connections.map((connection) => ({ connection, peers: crossingPeers(intent, connection) }))
  const running = new Set<string>()
  const namespaces = new Set(candidates.filter((c) => c.peers.length > 0).map((c) => names.vpc(c.connection.vpcId)))
  await eachLimited([...namespaces], 8, async (namespace) => {
    const links = await ipJson<{ ifname: string; flags?: string[] }>(['-n', namespace, 'link', 'show', 'type', 'vxlan']).catch(() => [])
    for (const link of links) {
      if (link.flags?.includes('UP') && link.flags.includes('LOWER_UP')) running.add(`${namespace}/${link.ifname}`)
    }
  })
  const statuses = new Map<string, LinkStatus>()
  await eachLimited(candidates, 8, async ({ connection, peers }) => {
    const namespace = names.vpc(connection.vpcId)
    let status: LinkStatus = 'disconnect'
    if (running.has(`${namespace}/${Devices.vxlan(connection.id)}`)) {
      const bridge = Devices.subnetBridge(connection.subnetId)
      for (const peer of peers) {
        if (await probe(namespace, bridge, probeAddress(peer.subnetId))) {
          status = 'connected'
          break
        }
      }
    }
    statuses.set(connection.id, status)
  })
  return statuses
}

/** One echo request, one second to answer (neighbour discovery included). */
function probe(namespace: string, bridge: string, address: string): Promise<boolean> {
  return succeedsIn(namespace, 'ping', ['-6', '-n', '-q', '-c', '1', '-W', '1', `${address}%${bridge}`], 5000)
}
