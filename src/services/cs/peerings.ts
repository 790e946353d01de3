import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { ApiError } from '../../platform/errors.js'
import { newId } from '../../platform/ids.js'
import { parseCidr } from '../../platform/net/ipv4.js'
import { toStored } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { transaction } from '../../store/transaction.js'
import { PeeringError } from '../vpc-peering/errors.js'
import { findPeerings, insertPeering, removePeering } from '../vpc-peering/peerings.js'
import { vpcProject } from '../vpc/network.js'
import type { VpcPeeringRow } from '../vpc-peering/tables.js'
import { getCluster } from './clusters.js'
import { CsError } from './errors.js'
import type { CreatePeeringBody, CsPeering, Route } from './schemas.js'
import type { CsClusterRow } from './tables.js'

/**
 * Cloud Stream peerings are VPC peerings (`vpc_peerings`) from the cluster's VPC, which the service owns,
 * to a user's VPC; `cs_peerings` ties them to the cluster. Being cross-tenant, they wait in
 * PENDING_ACCEPTANCE until the user accepts with `PUT /v2.0/vpc/peerings/{id}/accept`.
 */
export function csPeeringView(peering: VpcPeeringRow, cluster: CsClusterRow): Static<typeof CsPeering> {
  return {
    name: peering.name,
    id: peering.id,
    request_vpc_info: {
      vpc_id: peering.request_vpc_id,
      tenant_id: peering.request_project_id,
      vpc_cidr: cluster.vpc_cidr,
      subnet_cidr: cluster.subnet_cidr,
    },
    accept_vpc_info: { vpc_id: peering.accept_vpc_id, tenant_id: peering.accept_project_id },
    status: peering.status,
  }
}

/** A peering of the cluster, or CS.22103 (deleted, unknown, or another cluster's: all answer the same). */
async function clusterPeering(db: Db, cluster: CsClusterRow, peeringId: string): Promise<VpcPeeringRow> {
  const tied = await db
    .selectFrom('cs_peerings')
    .select('peering_id')
    .where('cluster_id', '=', cluster.id)
    .where('peering_id', '=', peeringId)
    .executeTakeFirst()
  const [row] = tied ? await findPeerings(db, [tied.peering_id]) : []
  if (!row) throw CsError.PeeringNotFound(peeringId)
  return row
}

export async function createCsPeering(projectId: string, clusterId: number, input: Static<typeof CreatePeeringBody>, context: AppContext) {
  return transaction(context.db, async (trx) => {
    const cluster = await getCluster(trx, projectId, clusterId)
    if (cluster.status_code !== 3 && cluster.status_code !== 5) throw CsError.ClusterNotReady(clusterId)
    const owner = await vpcProject(trx, cluster.vpc_id)
    if (!owner) throw new Error(`cluster ${cluster.id} has lost its VPC ${cluster.vpc_id}`)
    try {
      const peering = await insertPeering(trx, context, {
        name: input.name,
        description: '',
        requestProjectId: owner,
        requestVpcId: cluster.vpc_id,
        // Without accept_tenant_id the VPC is the caller's (as Terraform assumes).
        acceptProjectId: input.accept_tenant_id?.toLowerCase() ?? projectId,
        acceptVpcId: input.vpc_id,
      })
      await trx
        .insertInto('cs_peerings')
        .values({ peering_id: peering.id, cluster_id: cluster.id, project_id: projectId, created_at: peering.created_at })
        .execute()
      return csPeeringView(peering, cluster)
    } catch (error) {
      throw translate(error, input.vpc_id)
    }
  })
}

/** The VPC peering API's refusals, in Cloud Stream's codes. */
function translate(error: unknown, vpcId: string): unknown {
  if (!(error instanceof ApiError)) return error
  if (error.code === PeeringError.VpcNotFound.code || error.code === PeeringError.SameVpc.code) return CsError.PeerVpcNotFound(vpcId)
  if (error.code === PeeringError.PeeringExists.code) return CsError.PeeringExists()
  return error
}

export async function listCsPeerings(projectId: string, clusterId: number, { db }: AppContext) {
  const cluster = await getCluster(db, projectId, clusterId)
  const tied = await db
    .selectFrom('cs_peerings')
    .select('peering_id')
    .where('cluster_id', '=', cluster.id)
    .orderBy('created_at')
    .orderBy('peering_id')
    .execute()
  const peerings = new Map(
    (
      await findPeerings(
        db,
        tied.map((t) => t.peering_id),
      )
    ).map((p) => [p.id, p]),
  )
  return tied.flatMap((t) => (peerings.has(t.peering_id) ? [csPeeringView(peerings.get(t.peering_id)!, cluster)] : []))
}

export async function showCsPeering(projectId: string, clusterId: number, peeringId: string, { db }: AppContext) {
  const cluster = await getCluster(db, projectId, clusterId)
  return csPeeringView(await clusterPeering(db, cluster, peeringId), cluster)
}

/** Deletes the VPC peering itself (and so its routes); reads then answer CS.22103. */
export async function deleteCsPeering(projectId: string, clusterId: number, peeringId: string, { db, lifecycle }: AppContext) {
  await transaction(db, async (trx) => {
    const cluster = await getCluster(trx, projectId, clusterId)
    await clusterPeering(trx, cluster, peeringId)
    await removePeering(trx, lifecycle, peeringId)
  })
}

function routeView(
  route: { id: string; destination: string; peering_id: string },
  cluster: CsClusterRow,
  owner: string,
): Static<typeof Route> {
  return {
    id: route.id,
    type: 'peering',
    nexthop: route.peering_id,
    destination: route.destination,
    vpc_id: cluster.vpc_id,
    tenant_id: owner,
  }
}

/**
 * A route in the cluster's VPC through an ACTIVE peering (Huawei's documented prerequisite). The destination
 * is any CIDR block, as Huawei has it: also one inside the cluster's own VPC, as in the provider's acceptance
 * test (Huawei's VPC guide lists such routes among the "unsupported configurations": the route is created,
 * the local route wins). A route table holds one route per destination (CS.22108).
 */
export async function createRoute(projectId: string, clusterId: number, peeringId: string, destination: string, { db, clock }: AppContext) {
  const cidr = parseCidr(destination)
  if (!cidr) throw CsError.InvalidParameter(`destination ${destination} is not a CIDR block`)
  return transaction(db, async (trx) => {
    const cluster = await getCluster(trx, projectId, clusterId)
    const peering = await clusterPeering(trx, cluster, peeringId)
    if (peering.status !== 'ACTIVE') throw CsError.PeeringNotActive(peering.status)
    const route = { id: newId(), peering_id: peeringId, destination: cidr.text, created_at: toStored(clock.now()) }
    await trx
      .insertInto('cs_routes')
      .values(route)
      .execute()
      .catch((error) => {
        throw isUniqueViolation(error) ? CsError.RouteExists(cidr.text) : error
      })
    return routeView(route, cluster, peering.request_project_id)
  })
}

export async function listRoutes(projectId: string, clusterId: number, peeringId: string, { db }: AppContext) {
  const cluster = await getCluster(db, projectId, clusterId)
  const peering = await clusterPeering(db, cluster, peeringId)
  const routes = await db
    .selectFrom('cs_routes')
    .selectAll()
    .where('peering_id', '=', peeringId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return routes.map((r) => routeView(r, cluster, peering.request_project_id))
}

export async function deleteRoute(projectId: string, clusterId: number, peeringId: string, routeId: string, { db }: AppContext) {
  await transaction(db, async (trx) => {
    const cluster = await getCluster(trx, projectId, clusterId)
    await clusterPeering(trx, cluster, peeringId)
    const deleted = await trx.deleteFrom('cs_routes').where('id', '=', routeId).where('peering_id', '=', peeringId).executeTakeFirst()
    if (deleted.numDeletedRows === 0n) throw CsError.RouteNotFound(routeId)
  })
}
