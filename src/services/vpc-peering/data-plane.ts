import type { Db } from '../../store/database.js'

/** An ACTIVE peering as the data plane realises it: a link between two VPCs, and routes over it. */
export interface ActivePeering {
  id: string
  vpcIds: [string, string]
  routes: Array<{ vpcId: string; destination: string }>
}

/** Every ACTIVE peering, in any project (Cloud Stream's too), with its VPC routes; oldest first. */
export async function activePeerings(db: Db): Promise<ActivePeering[]> {
  const peerings = await db
    .selectFrom('vpc_peerings')
    .select(['id', 'request_vpc_id', 'accept_vpc_id'])
    .where('status', '=', 'ACTIVE')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const routes = await db
    .selectFrom('vpc_routes')
    .select(['peering_id', 'vpc_id', 'destination'])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const byId = new Map<string, ActivePeering>(
    peerings.map((p) => [p.id, { id: p.id, vpcIds: [p.request_vpc_id, p.accept_vpc_id], routes: [] }]),
  )
  for (const r of routes) byId.get(r.peering_id)?.routes.push({ vpcId: r.vpc_id, destination: r.destination })
  return [...byId.values()]
}
