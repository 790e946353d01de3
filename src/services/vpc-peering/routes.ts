import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { newId } from '../../platform/ids.js'
import { cidrsOverlap, parseCidr } from '../../platform/net/ipv4.js'
import { keysetPage, pageSize } from '../../platform/pagination.js'
import { toStored } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { holdLocks } from '../../store/locks.js'
import { transaction } from '../../store/transaction.js'
import { subnetCidrsOfVpc } from '../vpc/network.js'
import { PeeringError } from './errors.js'
import { DEFAULT_PAGE, visiblePeering } from './peerings.js'
import type { CreateRouteBody, ListRoutesQuery, Route } from './schemas.js'
import type { VpcRouteRow } from './tables.js'

/**
 * VPC routes (`/v2.0/vpc/routes`): a destination in one of the caller's VPCs whose next hop is a peering of
 * that VPC, the routes a peering needs before traffic crosses it. Choices where Huawei documents nothing:
 * the peering must be ACTIVE (VPC.1611); the destination is an IPv4 CIDR that overlaps none of the VPC's own
 * subnets (such a route would take the VPC's own traffic away); one route per destination in a VPC (a
 * database constraint, VPC.1610); deleting the peering deletes its routes (a foreign key).
 */
export function routeView(row: VpcRouteRow): Static<typeof Route> {
  return {
    id: row.id,
    type: 'peering',
    nexthop: row.peering_id,
    destination: row.destination,
    vpc_id: row.vpc_id,
    tenant_id: row.project_id,
  }
}

export async function createRoute(projectId: string, input: Static<typeof CreateRouteBody>['route'], { db, clock }: AppContext) {
  if (input.tenant_id !== undefined && input.tenant_id.toLowerCase() !== projectId) {
    throw PeeringError.InvalidInput('tenant_id must be the project the request is made in')
  }
  const destination = parseCidr(input.destination)
  if (!destination) throw PeeringError.InvalidInput(`destination ${input.destination} is not an IPv4 CIDR block`)
  return transaction(db, async (trx) => {
    // Under the VPC's lock, as subnets are placed: no subnet overlapping the destination appears meanwhile.
    await holdLocks(trx, `vpc:${input.vpc_id}`)
    const subnets = await subnetCidrsOfVpc(trx, projectId, input.vpc_id)
    if (subnets === null) throw PeeringError.VpcNotFound(input.vpc_id)
    const own = subnets.find((cidr) => cidrsOverlap(parseCidr(cidr)!, destination))
    if (own) throw PeeringError.InvalidInput(`destination ${destination.text} overlaps subnet ${own} of VPC ${input.vpc_id}`)
    const peering = await visiblePeering(trx, projectId, input.nexthop)
    if (peering.request_vpc_id !== input.vpc_id && peering.accept_vpc_id !== input.vpc_id) {
      throw PeeringError.NotPeeringSide(input.vpc_id, peering.id)
    }
    if (peering.status !== 'ACTIVE') throw PeeringError.PeeringNotActive(peering.id, peering.status)
    const row: VpcRouteRow = {
      id: newId(),
      project_id: projectId,
      vpc_id: input.vpc_id,
      peering_id: peering.id,
      destination: destination.text,
      created_at: toStored(clock.now()),
    }
    await trx
      .insertInto('vpc_routes')
      .values(row)
      .execute()
      .catch((error) => {
        throw isUniqueViolation(error) ? PeeringError.RouteExists(row.destination, row.vpc_id) : error
      })
    return routeView(row)
  })
}

/** A route of the project, or 404: another tenant's route answers like one that does not exist. */
export async function getRoute(db: Db, projectId: string, id: string): Promise<VpcRouteRow> {
  const row = await db.selectFrom('vpc_routes').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst()
  if (!row) throw PeeringError.RouteNotFound(id)
  return row
}

/** The project's routes, oldest first; filters match exactly (`type` matches `peering` only). */
export async function listRoutes(projectId: string, query: Static<typeof ListRoutesQuery>, { db }: AppContext) {
  const scope = db.selectFrom('vpc_routes').where('project_id', '=', projectId)
  let q = scope.selectAll()
  if (query.type !== undefined && query.type !== 'peering') q = q.where((eb) => eb.lit(false))
  if (query.tenant_id !== undefined && query.tenant_id !== projectId) q = q.where((eb) => eb.lit(false))
  if (query.id !== undefined) q = q.where('id', '=', query.id)
  if (query.vpc_id !== undefined) q = q.where('vpc_id', '=', query.vpc_id)
  if (query.destination !== undefined) q = q.where('destination', '=', query.destination)
  let after
  if (query.marker) {
    after = await scope.select(['id', 'created_at']).where('id', '=', query.marker).executeTakeFirst()
    if (!after) throw PeeringError.InvalidInput(`marker ${query.marker} is not a route of this project`)
  }
  const limit = pageSize(query.limit, DEFAULT_PAGE)
  const { items, more } = await keysetPage(q, limit, after)
  return { items: items.map(routeView), more, limit }
}

export async function deleteRoute(projectId: string, id: string, { db }: AppContext): Promise<void> {
  await transaction(db, async (trx) => {
    await getRoute(trx, projectId, id)
    await trx.deleteFrom('vpc_routes').where('id', '=', id).execute()
  })
}
