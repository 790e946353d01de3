import type { Db } from '../../store/database.js'
import type { SubnetRow } from './tables.js'

/** A VPC as the data plane realises it: a namespace, with a bridge per subnet holding the gateway. */
export interface ReadyNetwork {
  vpcId: string
  subnets: Array<{ id: string; cidr: string; gatewayIp: string }>
}

/** Every VPC that is `OK`, in any project, with its `ACTIVE` subnets; oldest first. */
export async function readyNetworks(db: Db): Promise<ReadyNetwork[]> {
  const vpcs = await db.selectFrom('vpcs').select('id').where('status', '=', 'OK').orderBy('created_at').orderBy('id').execute()
  const subnets = await db
    .selectFrom('subnets')
    .select(['id', 'vpc_id', 'cidr', 'gateway_ip'])
    .where('status', '=', 'ACTIVE')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const networks = new Map<string, ReadyNetwork>(vpcs.map((v) => [v.id, { vpcId: v.id, subnets: [] }]))
  for (const s of subnets) networks.get(s.vpc_id)?.subnets.push({ id: s.id, cidr: s.cidr, gatewayIp: s.gateway_ip })
  return [...networks.values()]
}

/** A subnet in any project (the admin API places test hosts by subnet id alone). */
export async function subnetById(db: Db, id: string): Promise<SubnetRow | undefined> {
  return db.selectFrom('subnets').selectAll().where('id', '=', id).executeTakeFirst()
}
