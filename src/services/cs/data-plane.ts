import type { Db } from '../../store/database.js'

/** Cloud Stream's routes, in its clusters' VPCs, through their peerings; oldest first. */
export async function clusterRoutes(db: Db): Promise<Array<{ peeringId: string; vpcId: string; destination: string }>> {
  const rows = await db
    .selectFrom('cs_routes as r')
    .innerJoin('cs_peerings as p', 'p.peering_id', 'r.peering_id')
    .innerJoin('cs_clusters as c', 'c.id', 'p.cluster_id')
    .select(['r.peering_id', 'c.vpc_id', 'r.destination'])
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute()
  return rows.map((r) => ({ peeringId: r.peering_id, vpcId: r.vpc_id, destination: r.destination }))
}
