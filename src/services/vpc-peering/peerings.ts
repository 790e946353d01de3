import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import type { Principal } from '../../platform/auth/principal.js'
import { newId } from '../../platform/ids.js'
import { keysetPage, pageSize } from '../../platform/pagination.js'
import { isoSecondsNoZone, toStored } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { holdLocks } from '../../store/locks.js'
import { transaction } from '../../store/transaction.js'
import { findVpc } from '../vpc/network.js'
import { PeeringError } from './errors.js'
import { PEERING_EXPIRE } from './expiry.js'
import type { CreatePeeringBody, ListPeeringsQuery, Peering, UpdatePeeringBody } from './schemas.js'
import type { PeeringStatus, VpcPeeringRow } from './tables.js'

/** Neutron lists answer at most this many peerings when no limit is given (Huawei's documented default). */
export const DEFAULT_PAGE = 2000
/** Unanswered cross-tenant requests expire after this long unless configured (LINKPLANE_PEERING_EXPIRY_SECONDS). */
export const DEFAULT_EXPIRY_SECONDS = 7 * 24 * 3600

export function peeringView(row: VpcPeeringRow): Static<typeof Peering> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    request_vpc_info: { vpc_id: row.request_vpc_id, tenant_id: row.request_project_id },
    accept_vpc_info: { vpc_id: row.accept_vpc_id, tenant_id: row.accept_project_id },
    created_at: isoSecondsNoZone(row.created_at),
    updated_at: isoSecondsNoZone(row.updated_at),
  }
}

/** The project a call acts in; `/v2.0` paths carry none, so it is the token's scope or `X-Project-Id`. */
export function callerProject(principal: Principal | null): string {
  if (!principal?.projectId) throw PeeringError.NoProject()
  return principal.projectId
}

/**
 * A peering the project is a side of, or 404: a third tenant cannot tell another tenants' peering from
 * one that does not exist.
 */
export async function visiblePeering(db: Db, projectId: string, id: string): Promise<VpcPeeringRow> {
  const row = await db
    .selectFrom('vpc_peerings')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('request_project_id', '=', projectId), eb('accept_project_id', '=', projectId)]))
    .executeTakeFirst()
  if (!row) throw PeeringError.PeeringNotFound(id)
  return row
}

export interface NewPeering {
  name: string
  description: string
  requestProjectId: string
  requestVpcId: string
  acceptProjectId: string
  acceptVpcId: string
}

/**
 * Writes a peering inside the caller's transaction (Cloud Stream's peerings come through here too).
 * Both VPCs must exist in their projects. Same tenant: ACTIVE at once; cross tenant: PENDING_ACCEPTANCE
 * with an expiry deadline.
 *
 * Overlapping CIDRs are allowed, as Huawei allows them: a peering only joins the VPCs; what overlaps
 * matters for routes, which are checked where they are added (Cloud Stream refuses a route into the
 * cluster's own range).
 */
export async function insertPeering(trx: Db, context: AppContext, input: NewPeering): Promise<VpcPeeringRow> {
  if (input.requestVpcId === input.acceptVpcId) throw PeeringError.SameVpc()
  // Neither VPC is deleted between the check below and the insert (DeleteVpc holds the same lock).
  await holdLocks(trx, `vpc:${input.requestVpcId}`, `vpc:${input.acceptVpcId}`)
  for (const [projectId, vpcId] of [
    [input.requestProjectId, input.requestVpcId],
    [input.acceptProjectId, input.acceptVpcId],
  ]) {
    // The same answer whether the VPC does not exist or belongs to another project than the one named.
    if (!(await findVpc(trx, projectId, vpcId))) throw PeeringError.VpcNotFound(vpcId)
  }
  const now = toStored(context.clock.now())
  const sameTenant = input.requestProjectId === input.acceptProjectId
  const row: VpcPeeringRow = {
    id: newId(),
    name: input.name,
    description: input.description,
    status: sameTenant ? 'ACTIVE' : 'PENDING_ACCEPTANCE',
    request_project_id: input.requestProjectId,
    request_vpc_id: input.requestVpcId,
    accept_project_id: input.acceptProjectId,
    accept_vpc_id: input.acceptVpcId,
    vpc_pair: [input.requestVpcId, input.acceptVpcId].sort().join('|'),
    created_at: now,
    updated_at: now,
  }
  await trx
    .insertInto('vpc_peerings')
    .values(row)
    .execute()
    .catch((error) => {
      // Any earlier peering of the two VPCs, in any status, blocks a new one until it is deleted.
      throw isUniqueViolation(error) ? PeeringError.PeeringExists() : error
    })
  if (!sameTenant) {
    const seconds = context.config.peeringExpirySeconds ?? DEFAULT_EXPIRY_SECONDS
    await context.lifecycle.scheduleDeadline(trx, PEERING_EXPIRE, row.id, seconds)
  }
  return row
}

export async function createPeering(projectId: string, input: Static<typeof CreatePeeringBody>['peering'], context: AppContext) {
  const requestTenant = input.request_vpc_info.tenant_id?.toLowerCase()
  if (requestTenant !== undefined && requestTenant !== projectId) {
    throw PeeringError.InvalidInput('request_vpc_info.tenant_id must be the project the request is made in')
  }
  const row = await transaction(context.db, (trx) =>
    insertPeering(trx, context, {
      name: input.name,
      description: input.description ?? '',
      requestProjectId: projectId,
      requestVpcId: input.request_vpc_info.vpc_id,
      acceptProjectId: input.accept_vpc_info.tenant_id?.toLowerCase() ?? projectId,
      acceptVpcId: input.accept_vpc_info.vpc_id,
    }),
  )
  return peeringView(row)
}

export async function listPeerings(projectId: string, query: Static<typeof ListPeeringsQuery>, { db }: AppContext) {
  let q = db
    .selectFrom('vpc_peerings')
    .selectAll()
    .where((eb) => eb.or([eb('request_project_id', '=', projectId), eb('accept_project_id', '=', projectId)]))
  if (query.id !== undefined) q = q.where('id', '=', query.id)
  if (query.name !== undefined) q = q.where('name', '=', query.name)
  if (query.status !== undefined) q = q.where('status', '=', query.status)
  // tenant_id and vpc_id match either side of a peering.
  if (query.tenant_id !== undefined) {
    const tenant = query.tenant_id
    q = q.where((eb) => eb.or([eb('request_project_id', '=', tenant), eb('accept_project_id', '=', tenant)]))
  }
  if (query.vpc_id !== undefined) {
    const vpc = query.vpc_id
    q = q.where((eb) => eb.or([eb('request_vpc_id', '=', vpc), eb('accept_vpc_id', '=', vpc)]))
  }
  let after
  if (query.marker) {
    after = await db
      .selectFrom('vpc_peerings')
      .select(['id', 'created_at'])
      .where('id', '=', query.marker)
      .where((eb) => eb.or([eb('request_project_id', '=', projectId), eb('accept_project_id', '=', projectId)]))
      .executeTakeFirst()
    if (!after) throw PeeringError.InvalidInput(`marker ${query.marker} is not a peering of this project`)
  }
  const limit = pageSize(query.limit, DEFAULT_PAGE)
  const { items, more } = await keysetPage(q, limit, after)
  return { items: items.map(peeringView), more, limit }
}

export async function updatePeering(
  projectId: string,
  id: string,
  input: Static<typeof UpdatePeeringBody>['peering'],
  { db, clock }: AppContext,
) {
  return transaction(db, async (trx) => {
    const row = await visiblePeering(trx, projectId, id)
    const changes: Partial<VpcPeeringRow> = { updated_at: toStored(clock.now()) }
    if (input.name !== undefined) changes.name = input.name
    if (input.description !== undefined) changes.description = input.description
    await trx.updateTable('vpc_peerings').set(changes).where('id', '=', id).execute()
    return peeringView({ ...row, ...changes })
  })
}

/** Accept or reject: only the accepting tenant, only from PENDING_ACCEPTANCE; the expiry is dropped. */
export async function answerPeering(projectId: string, id: string, answer: 'ACTIVE' | 'REJECTED', { db, clock, lifecycle }: AppContext) {
  return transaction(db, async (trx) => {
    const row = await visiblePeering(trx, projectId, id)
    if (row.accept_project_id !== projectId) throw PeeringError.NotAccepter()
    if (row.status !== 'PENDING_ACCEPTANCE') throw PeeringError.WrongStatus(row.status)
    const changes = { status: answer as PeeringStatus, updated_at: toStored(clock.now()) }
    await trx.updateTable('vpc_peerings').set(changes).where('id', '=', id).where('status', '=', 'PENDING_ACCEPTANCE').execute()
    await lifecycle.cancel(trx, id)
    return peeringView({ ...row, ...changes })
  })
}

/** Deletes a peering, from either side; it is gone at once (GET answers 404). */
export async function deletePeering(projectId: string, id: string, { db, lifecycle }: AppContext): Promise<void> {
  await transaction(db, async (trx) => {
    await visiblePeering(trx, projectId, id)
    await removePeering(trx, lifecycle, id)
  })
}

/** Peerings by id, whoever's they are (Cloud Stream reads the peerings of its clusters' VPCs). */
export function findPeerings(db: Db, ids: string[]): Promise<VpcPeeringRow[]> {
  return ids.length === 0 ? Promise.resolve([]) : db.selectFrom('vpc_peerings').selectAll().where('id', 'in', ids).execute()
}

/** The ids of every peering a VPC is a side of, in any status. */
export async function peeringsOfVpc(db: Db, vpcId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('vpc_peerings')
    .select('id')
    .where((eb) => eb.or([eb('request_vpc_id', '=', vpcId), eb('accept_vpc_id', '=', vpcId)]))
    .execute()
  return rows.map((r) => r.id)
}

/** Removes a peering and its pending expiry (inside the caller's transaction; Cloud Stream uses it too). */
export async function removePeering(trx: Db, lifecycle: AppContext['lifecycle'], id: string): Promise<void> {
  await lifecycle.cancel(trx, id)
  await trx.deleteFrom('vpc_peerings').where('id', '=', id).execute()
}
