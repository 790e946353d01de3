import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { keysetPage, pageInfo, pageSize } from '../../platform/pagination.js'
import { isoSecondsNoZone } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { extendCidrsOf } from './extend-cidrs.js'
import { vpcCidr } from './rules.js'
import type { VpcRow } from './tables.js'
import { checkTags, tagsOf } from './tags.js'
import type { CreateVpcV3Body, ListVpcsV3Query, VpcV3 } from './v3-schemas.js'
import { ALL_GRANTED_EPS, DEFAULT_PAGE, getVpc, insertVpc, vpcMarker } from './vpcs.js'

/**
 * VPC v3: the same VPCs as v1 (one table), shown with their secondary CIDRs, tags and the resources
 * in them. The statuses are v3's names for v1's: CREATING is PENDING, OK is ACTIVE.
 */
const V3_STATUS: Record<VpcRow['status'], string> = { CREATING: 'PENDING', OK: 'ACTIVE', ERROR: 'ERROR' }

/** The v3 views of `rows`, with what v3 shows beside the VPC row, read in one query per kind. */
export async function vpcV3Views(db: Db, rows: VpcRow[]): Promise<Array<Static<typeof VpcV3>>> {
  const ids = rows.map((row) => row.id)
  const [extendCidrs, tags, subnetCounts] = await Promise.all([extendCidrsOf(db, ids), tagsOf(db, 'vpc', ids), subnetCountsOf(db, ids)])
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    cidr: row.cidr,
    extend_cidrs: extendCidrs.get(row.id)!.map((cidr) => cidr.text),
    status: V3_STATUS[row.status],
    project_id: row.project_id,
    enterprise_project_id: row.enterprise_project_id,
    created_at: isoSecondsNoZone(row.created_at),
    updated_at: isoSecondsNoZone(row.updated_at),
    // Each VPC has its one default route table; `virsubnet` counts its subnets.
    cloud_resources: [
      { resource_type: 'routetable', resource_count: 1 },
      { resource_type: 'virsubnet', resource_count: subnetCounts.get(row.id) ?? 0 },
    ],
    tags: tags.get(row.id)!,
    block_service_endpoint_states: row.block_service_endpoint_states,
    enable_network_address_usage_metrics: false,
  }))
}

async function subnetCountsOf(db: Db, vpcIds: string[]): Promise<Map<string, number>> {
  if (vpcIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('subnets')
    .select(['vpc_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('vpc_id', 'in', vpcIds)
    .groupBy('vpc_id')
    .execute()
  return new Map(rows.map((row) => [row.vpc_id, Number(row.count)]))
}

export async function vpcV3View(db: Db, row: VpcRow): Promise<Static<typeof VpcV3>> {
  return (await vpcV3Views(db, [row]))[0]
}

export async function showVpcV3(projectId: string, id: string, { db }: AppContext) {
  return vpcV3View(db, await getVpc(db, projectId, id))
}

/** v3 lists: every filter may be repeated (any of its values matches), marker/limit paging with `page_info`. */
export async function listVpcsV3(projectId: string, query: Static<typeof ListVpcsV3Query>, { db }: AppContext) {
  let q = db.selectFrom('vpcs').selectAll().where('project_id', '=', projectId)
  for (const column of ['id', 'name', 'description', 'cidr'] as const) {
    const values = query[column]
    if (values !== undefined && values.length > 0) q = q.where(column, 'in', values)
  }
  if (query.enterprise_project_id !== undefined && query.enterprise_project_id !== ALL_GRANTED_EPS) {
    q = q.where('enterprise_project_id', '=', query.enterprise_project_id)
  }
  const after = query.marker ? await vpcMarker(db, projectId, query.marker) : undefined
  const { items, more } = await keysetPage(q, pageSize(query.limit, DEFAULT_PAGE), after)
  return { vpcs: await vpcV3Views(db, items), page_info: pageInfo(items, more) }
}

/** v3 creates take a CIDR with a mask up to /28 (v1: /24) and tags as `{key, value}` objects. */
export async function createVpcV3(projectId: string, body: Static<typeof CreateVpcV3Body>, context: AppContext) {
  const input = body.vpc
  const row = await insertVpc(
    projectId,
    {
      name: input.name,
      description: input.description ?? '',
      cidr: vpcCidr(input.cidr, 28),
      enterpriseProjectId: input.enterprise_project_id,
      tags: checkTags(input.tags ?? []),
    },
    context,
    body.dry_run,
  )
  return vpcV3View(context.db, row)
}
