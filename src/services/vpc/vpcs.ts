import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { newId } from '../../platform/ids.js'
import { cidrContains, cidrsOverlap, parseCidr, type Cidr } from '../../platform/net/ipv4.js'
import { keysetPage, pageSize } from '../../platform/pagination.js'
import { isoSecondsNoZone, toStored } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { holdLocks } from '../../store/locks.js'
import { peeringsOfVpc } from '../vpc-peering/peerings.js'
import { writeOrDryRun } from './dry-run.js'
import { VpcError } from './errors.js'
import { extendCidrsOfVpc } from './extend-cidrs.js'
import { checkEnterpriseProject, checkRoutes, vpcCidr } from './rules.js'
import type { CreateVpcBody, ListVpcsQuery, UpdateVpcBody, Vpc } from './schemas.js'
import type { VpcRow } from './tables.js'
import { parseStarTags, writeTags, type Tag } from './tags.js'
import { VPC_READY, VPC_READY_SECONDS } from './transitions.js'
import { prepared } from '../../store/prepared.js'

/** v1 lists answer at most this many items when no limit is given. */
export const DEFAULT_PAGE = 2000

export function vpcView(row: VpcRow): Static<typeof Vpc> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    cidr: row.cidr,
    status: row.status,
    routes: JSON.parse(row.routes),
    enterprise_project_id: row.enterprise_project_id,
    tenant_id: row.project_id,
    created_at: isoSecondsNoZone(row.created_at),
    updated_at: isoSecondsNoZone(row.updated_at),
    block_service_endpoint_states: row.block_service_endpoint_states,
    enable_network_address_usage_metrics: false,
    enhanced_local_route: row.enhanced_local_route === 1,
  }
}

/** A VPC of the project, or VPC.0003. Other services use it to check the VPCs their resources name. */
const vpcById = prepared((db, v: { projectId: string; id: string }) =>
  db.selectFrom('vpcs').selectAll().where('project_id', '=', v.projectId).where('id', '=', v.id),
)

export async function getVpc(db: Db, projectId: string, id: string): Promise<VpcRow> {
  const row = await vpcById.first(db, { projectId, id })
  if (!row) throw VpcError.VpcNotFound()
  return row
}

/** What a new VPC is made of, whichever API version asks (each checks its own input first). */
export interface NewVpc {
  name: string
  description: string
  cidr: Cidr | null
  enterpriseProjectId: string | undefined
  enhancedLocalRoute?: boolean
  blockServiceEndpointStates?: 'on' | 'off'
  tags: Tag[]
}

/** Creates a VPC in CREATING (v3: PENDING) with its tags, in one transaction; a dry run keeps nothing. */
export async function insertVpc(projectId: string, input: NewVpc, { db, clock, lifecycle }: AppContext, dryRun?: boolean): Promise<VpcRow> {
  const now = toStored(clock.now())
  const row: VpcRow = {
    id: newId(),
    project_id: projectId,
    name: input.name,
    description: input.description,
    cidr: input.cidr?.text ?? '',
    status: 'CREATING',
    enterprise_project_id: checkEnterpriseProject(input.enterpriseProjectId),
    routes: '[]',
    enhanced_local_route: input.enhancedLocalRoute ? 1 : 0,
    block_service_endpoint_states: input.blockServiceEndpointStates ?? 'off',
    created_at: now,
    updated_at: now,
  }
  await writeOrDryRun(db, dryRun, async (trx) => {
    await trx.insertInto('vpcs').values(row).execute().catch(nameTaken)
    await writeTags(trx, projectId, 'vpc', row.id, input.tags, clock.now())
    await lifecycle.schedule(trx, VPC_READY, row.id, VPC_READY_SECONDS)
  })
  return row
}

export async function createVpc(projectId: string, input: Static<typeof CreateVpcBody>['vpc'], context: AppContext) {
  const row = await insertVpc(
    projectId,
    {
      name: input.name ?? '',
      description: input.description ?? '',
      cidr: vpcCidr(input.cidr),
      enterpriseProjectId: input.enterprise_project_id,
      enhancedLocalRoute: input.enhanced_local_route,
      blockServiceEndpointStates: input.block_service_endpoint_states,
      tags: parseStarTags(input.tags ?? []),
    },
    context,
  )
  return vpcView(row)
}

/** The unique (project, name) index refused the write: the documented VPC.0115. */
function nameTaken(error: unknown): never {
  throw isUniqueViolation(error) ? VpcError.VpcNameExists() : error
}

export async function listVpcs(projectId: string, query: Static<typeof ListVpcsQuery>, { db }: AppContext) {
  let q = db.selectFrom('vpcs').selectAll().where('project_id', '=', projectId)
  if (query.id !== undefined) q = q.where('id', '=', query.id)
  if (query.enterprise_project_id !== undefined && query.enterprise_project_id !== ALL_GRANTED_EPS) {
    q = q.where('enterprise_project_id', '=', query.enterprise_project_id)
  }
  const after = query.marker ? await vpcMarker(db, projectId, query.marker) : undefined
  const { items } = await keysetPage(q, pageSize(query.limit, DEFAULT_PAGE), after)
  return items.map(vpcView)
}

/** `enterprise_project_id=all_granted_eps` lists the VPCs of every enterprise project. */
export const ALL_GRANTED_EPS = 'all_granted_eps'

/** The VPC a list page continues after (VPC.0101 when the marker is not a VPC of the project). */
export async function vpcMarker(db: Db, projectId: string, marker: string) {
  const row = await db
    .selectFrom('vpcs')
    .select(['id', 'created_at'])
    .where('project_id', '=', projectId)
    .where('id', '=', marker)
    .executeTakeFirst()
  if (!row) throw VpcError.VpcInvalid(`marker ${marker} is not a VPC of this project`)
  return row
}

/**
 * Updates a VPC (v1 takes every field, v3 only name and description). A new CIDR must keep holding every
 * subnet outside the secondary CIDRs, and must not overlap a secondary CIDR.
 */
export async function updateVpc(
  projectId: string,
  id: string,
  input: Static<typeof UpdateVpcBody>['vpc'],
  { db, clock }: AppContext,
  dryRun?: boolean,
): Promise<VpcRow> {
  return writeOrDryRun(db, dryRun, async (trx) => {
    // The CIDR must keep holding the subnets: no subnet is placed meanwhile (see createSubnet).
    await holdLocks(trx, `vpc:${id}`)
    const row = await getVpc(trx, projectId, id)
    if (row.status !== 'OK') throw VpcError.VpcNotUpdatable()
    const subnets = (await trx.selectFrom('subnets').select('cidr').where('vpc_id', '=', id).execute()).map((s) => parseCidr(s.cidr)!)
    const changes: Partial<VpcRow> = { updated_at: toStored(clock.now()) }
    if (input.name !== undefined) changes.name = input.name
    if (input.description !== undefined) changes.description = input.description
    if (input.enhanced_local_route !== undefined) changes.enhanced_local_route = input.enhanced_local_route ? 1 : 0
    if (input.cidr !== undefined) {
      const cidr = vpcCidr(input.cidr)
      const secondary = await extendCidrsOfVpc(trx, id)
      const overlap = cidr && secondary.find((block) => cidrsOverlap(block, cidr))
      if (overlap) throw VpcError.VpcInvalid(`cidr ${cidr.text} overlaps the secondary CIDR ${overlap.text}`)
      const outside = subnets.filter((s) => !secondary.some((block) => cidrContains(block, s)))
      if (outside.length > 0 && (cidr === null || outside.some((s) => !cidrContains(cidr, s)))) throw VpcError.VpcCidrExcludesSubnets()
      changes.cidr = cidr?.text ?? ''
    }
    if (input.routes !== undefined) {
      checkRoutes(input.routes, subnets)
      changes.routes = JSON.stringify(input.routes.map(({ destination, nexthop }) => ({ destination, nexthop })))
    }
    await trx.updateTable('vpcs').set(changes).where('id', '=', id).execute().catch(nameTaken)
    return { ...row, ...changes }
  })
}

/** Deletes a VPC without subnets or peerings; its tags and secondary CIDRs go with it (foreign keys cascade). */
export async function deleteVpc(projectId: string, id: string, { db, lifecycle }: AppContext, dryRun?: boolean): Promise<void> {
  await writeOrDryRun(db, dryRun, async (trx) => {
    // No subnet or peering is made in the VPC between the checks and the delete (both hold its lock too).
    await holdLocks(trx, `vpc:${id}`)
    const row = await getVpc(trx, projectId, id)
    if (row.status === 'CREATING') throw VpcError.VpcBusy()
    const subnet = await trx.selectFrom('subnets').select('id').where('vpc_id', '=', id).limit(1).executeTakeFirst()
    if (subnet) throw VpcError.VpcHasSubnets()
    if ((await peeringsOfVpc(trx, id)).length > 0) throw VpcError.VpcHasPeerings()
    await lifecycle.cancel(trx, id)
    await trx.deleteFrom('vpcs').where('id', '=', id).execute()
  })
}
