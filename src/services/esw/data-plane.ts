import type { Db } from '../../store/database.js'
import type { RemoteInfo } from './rules.js'

/** An active ESW instance: its VTEP (tunnel IP) on the underlay. */
export interface BuiltInstance {
  id: string
  tunnelIp: string
}

/** A connection whose tunnels are built (it left `pending`): a VXLAN device on its subnet's bridge. */
export interface BuiltConnection {
  id: string
  instanceId: string
  vpcId: string
  subnetId: string
  vni: number
  /** The remote VTEPs, in the order given; all on `vni`. */
  remotes: Array<{ ip: string; port: number }>
}

/** What the data plane realises of ESW, in any project; oldest first. */
export async function builtTunnels(db: Db): Promise<{ instances: BuiltInstance[]; connections: BuiltConnection[] }> {
  const instances = await db
    .selectFrom('esw_instances')
    .select(['id', 'tunnel_ip'])
    .where('status', '=', 'active')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const connections = await db
    .selectFrom('esw_connections')
    .select(['id', 'instance_id', 'vpc_id', 'virsubnet_id', 'segmentation_id', 'remote_infos'])
    .where('status', '<>', 'pending')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return {
    instances: instances.map((i) => ({ id: i.id, tunnelIp: i.tunnel_ip })),
    connections: connections.map((c) => ({
      id: c.id,
      instanceId: c.instance_id,
      vpcId: c.vpc_id,
      subnetId: c.virsubnet_id,
      vni: c.segmentation_id,
      remotes: (JSON.parse(c.remote_infos) as RemoteInfo[]).map((r) => ({ ip: r.tunnel_ip, port: r.tunnel_port })),
    })),
  }
}
