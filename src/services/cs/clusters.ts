import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { ApiError } from '../../platform/errors.js'
import { toStored } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { nextInSequence } from '../../store/settings.js'
import { containsIgnoringCase } from '../../store/text-match.js'
import { transaction } from '../../store/transaction.js'
import { peeringsOfVpc, removePeering } from '../vpc-peering/peerings.js'
import { checkGateway, subnetCidr, vpcCidr } from '../vpc/network.js'
import { CsError } from './errors.js'
import { checkUserQuota } from './quotas.js'
import type { ClusterInfo, CreateClusterBody, ListClustersQuery, UpdateClusterBody } from './schemas.js'
import { createClusterNetwork, deleteClusterNetwork, serviceProject } from './service-network.js'
import { CLUSTER_CREATE_SECONDS, CLUSTER_CREATED, CLUSTER_STATUS, statusCode } from './status.js'
import type { CsClusterRow } from './tables.js'

/** Defaults where the request leaves them out (linkplane's choice; Huawei's defaults are not documented). */
const DEFAULTS = { spu: 12, managerNodeSpu: '2', vpcCidr: '192.168.0.0/16', subnetCidr: '192.168.0.0/24', gateway: '192.168.0.1' }

export function clusterView(row: CsClusterRow, region: string): Static<typeof ClusterInfo> {
  const status = CLUSTER_STATUS[row.status_code]
  return {
    cluster_id: row.id,
    name: row.name,
    desc: row.description,
    status_code: row.status_code,
    status_name: status.name,
    status_desc: status.desc,
    region_id: region,
    // SPUs used by running jobs: linkplane runs no jobs.
    spu_used: 0,
    maximum_spu_quota: row.maximum_spu_quota,
    error_reason: '',
    created_at: Date.parse(row.created_at),
    vpc_cidr: row.vpc_cidr,
    subnet_cidr: row.subnet_cidr,
    subnet_gateway: row.subnet_gateway,
    manager_node_spu: row.manager_node_spu,
    sys_enterprise_project_id: row.sys_enterprise_project_id,
  }
}

/** A cluster of the project, or CS.20005 (the same for another project's cluster as for none). */
export async function getCluster(db: Db, projectId: string, id: number): Promise<CsClusterRow> {
  const row = await db.selectFrom('cs_clusters').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst()
  if (!row) throw CsError.ClusterNotFound(id)
  return row
}

/** The cluster's network: the VPC rules, answered with Cloud Stream's own code. */
function clusterNetwork(input: Static<typeof CreateClusterBody>) {
  try {
    // VPC v1 accepts an empty CIDR (a VPC without one); a cluster's network needs a real block.
    const vpc = vpcCidr(input.vpc_cidr ?? DEFAULTS.vpcCidr)
    if (vpc === null) throw CsError.InvalidParameter('vpc_cidr: a CIDR block is required')
    const subnet = subnetCidr(input.subnet_cidr ?? DEFAULTS.subnetCidr, vpc)
    const gateway = checkGateway(subnet, input.subnet_gateway ?? DEFAULTS.gateway)
    return { vpc, subnet, gateway }
  } catch (error) {
    if (error instanceof ApiError) throw CsError.InvalidParameter(`vpc_cidr, subnet_cidr and subnet_gateway: ${error.message}`)
    throw error
  }
}

export async function createCluster(projectId: string, userId: string, input: Static<typeof CreateClusterBody>, context: AppContext) {
  const { db, clock, lifecycle, config } = context
  const network = clusterNetwork(input)
  const spu = input.maximum_spu_quota ?? DEFAULTS.spu
  return transaction(db, async (trx) => {
    const owner = await serviceProject(trx, clock, config.region)
    await checkUserQuota(trx, userId, spu)
    // Ids come from a counter: atomic on every engine, never reused after a delete.
    const id = await nextInSequence(trx, 'cs.last_cluster_id')
    const { vpcId, subnetId } = await createClusterNetwork(trx, clock, {
      projectId: owner,
      clusterId: id,
      vpcCidr: network.vpc,
      subnetCidr: network.subnet,
      gateway: network.gateway,
    })
    const now = toStored(clock.now())
    await trx
      .insertInto('cs_clusters')
      .values({
        id,
        project_id: projectId,
        user_id: userId,
        name: input.name,
        description: input.desc ?? '',
        maximum_spu_quota: spu,
        manager_node_spu: input.manager_node_spu ?? DEFAULTS.managerNodeSpu,
        sys_enterprise_project_id: input.sys_enterprise_project_id ?? '0',
        status_code: 1,
        vpc_id: vpcId,
        subnet_id: subnetId,
        vpc_cidr: network.vpc.text,
        subnet_cidr: network.subnet.text,
        subnet_gateway: input.subnet_gateway ?? DEFAULTS.gateway,
        created_at: now,
        updated_at: now,
      })
      .execute()
      .catch((error) => {
        throw isUniqueViolation(error) ? CsError.ClusterNameExists(input.name) : error
      })
    await lifecycle.schedule(trx, CLUSTER_CREATED, String(id), CLUSTER_CREATE_SECONDS)
    return id
  })
}

/**
 * Cursor paging as Cloud Stream has it: `cursor` is a cluster id, `next` pages forward (true, default) or
 * back, `order` is by id, `desc` by default. `total` counts every match, not just the page.
 */
export async function listClusters(projectId: string, query: Static<typeof ListClustersQuery>, { db, config }: AppContext) {
  let q = db.selectFrom('cs_clusters').where('project_id', '=', projectId)
  // Names match as a substring, ignoring case (linkplane's choice: Huawei documents only "name").
  if (query.name !== undefined) q = q.where(containsIgnoringCase('name', query.name))
  if (query.status !== undefined) q = q.where('status_code', '=', statusCode(query.status))
  const total = await q.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const descending = (query.order ?? 'desc') === 'desc'
  const forward = query.next ?? true
  // Going back reverses the order of the scan; the page is put back in the requested order after.
  const scanDescending = descending === forward
  let page = q.selectAll()
  if (query.cursor !== undefined) page = page.where('id', scanDescending ? '<' : '>', query.cursor)
  const rows = await page
    .orderBy('id', scanDescending ? 'desc' : 'asc')
    .limit(query.limit ?? 10)
    .execute()
  if (!forward) rows.reverse()
  return { total: Number(total.n), clusters: rows.map((row) => clusterView(row, config.region)) }
}

export async function updateCluster(projectId: string, id: number, input: Static<typeof UpdateClusterBody>, { db, clock }: AppContext) {
  await transaction(db, async (trx) => {
    const row = await getCluster(trx, projectId, id)
    const changes: Partial<CsClusterRow> = { updated_at: toStored(clock.now()) }
    if (input.name !== undefined) changes.name = input.name
    if (input.desc !== undefined) changes.description = input.desc
    if (input.manager_node_spu !== undefined) changes.manager_node_spu = input.manager_node_spu
    if (input.sys_enterprise_project_id !== undefined) changes.sys_enterprise_project_id = input.sys_enterprise_project_id
    if (input.maximum_spu_quota !== undefined) {
      await checkUserQuota(trx, row.user_id, input.maximum_spu_quota - row.maximum_spu_quota)
      changes.maximum_spu_quota = input.maximum_spu_quota
    }
    await trx
      .updateTable('cs_clusters')
      .set(changes)
      .where('id', '=', id)
      .execute()
      .catch((error) => {
        throw isUniqueViolation(error) ? CsError.ClusterNameExists(input.name ?? '') : error
      })
  })
}

/**
 * Deletes a cluster at once, with its peerings, routes, VPC and subnet (Cloud Stream stops a cluster's
 * jobs immediately on delete too). Reads then answer CS.20005, as Terraform waits for.
 */
export async function deleteCluster(projectId: string, id: number, { db, lifecycle }: AppContext) {
  await transaction(db, async (trx) => {
    const row = await getCluster(trx, projectId, id)
    // Every peering of the cluster's VPC goes: those made through Cloud Stream, and any request another
    // tenant addressed to the service's VPC through the VPC API.
    for (const peering of await peeringsOfVpc(trx, row.vpc_id)) await removePeering(trx, lifecycle, peering)
    await lifecycle.cancel(trx, String(id))
    await trx.deleteFrom('cs_clusters').where('id', '=', id).execute()
    await deleteClusterNetwork(trx, { vpcId: row.vpc_id, subnetId: row.subnet_id })
  })
}
