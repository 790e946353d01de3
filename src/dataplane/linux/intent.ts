import type { Db } from '../../store/database.js'
import { clusterRoutes } from '../../services/cs/data-plane.js'
import { builtTunnels, type BuiltConnection, type BuiltInstance } from '../../services/esw/data-plane.js'
import { activePeerings, type ActivePeering } from '../../services/vpc-peering/data-plane.js'
import { readyNetworks, type ReadyNetwork } from '../../services/vpc/data-plane.js'
import { listHosts } from '../hosts.js'

/**
 * What the database asks the data plane to realise, read through each owning service's exported API:
 * ready VPCs and subnets, active ESW instances and built connections, ACTIVE peerings with their routes
 * (VPC routes and Cloud Stream's), and test hosts.
 */
export interface Intent {
  networks: ReadyNetwork[]
  instances: BuiltInstance[]
  connections: BuiltConnection[]
  peerings: ActivePeering[]
  hosts: Array<{ id: string; vpcId: string; subnetId: string; ipAddress: string }>
}

export async function readIntent(db: Db): Promise<Intent> {
  const [networks, tunnels, peerings, csRoutes, hosts] = await Promise.all([
    readyNetworks(db),
    builtTunnels(db),
    activePeerings(db),
    clusterRoutes(db),
    listHosts(db),
  ])
  for (const route of csRoutes) {
    peerings.find((p) => p.id === route.peeringId)?.routes.push({ vpcId: route.vpcId, destination: route.destination })
  }
  return {
    networks,
    instances: tunnels.instances,
    connections: tunnels.connections,
    peerings,
    hosts: hosts.map((h) => ({ id: h.id, vpcId: h.vpc_id, subnetId: h.subnet_id, ipAddress: h.ip_address })),
  }
}

/**
 * The connections whose tunnels cross `connection`'s: same VNI, the peer's VTEP among its remotes and its
 * VTEP among the peer's remotes. Only these can answer a link probe.
 */
export function crossingPeers(intent: Intent, connection: BuiltConnection): BuiltConnection[] {
  const tunnelIp = (instanceId: string) => intent.instances.find((i) => i.id === instanceId)?.tunnelIp
  const mine = tunnelIp(connection.instanceId)
  if (mine === undefined) return []
  return intent.connections.filter((other) => {
    if (other.id === connection.id || other.vni !== connection.vni) return false
    const theirs = tunnelIp(other.instanceId)
    return theirs !== undefined && connection.remotes.some((r) => r.ip === theirs) && other.remotes.some((r) => r.ip === mine)
  })
}
