import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { newId } from '../../platform/ids.js'
import { itemCaches, itemVersion } from '../../platform/item-cache.js'
import { isoSeconds, toStored } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { holdLocks } from '../../store/locks.js'
import { savepoint, transaction } from '../../store/transaction.js'
import { releaseAddresses } from '../vpc/network.js'
import { flavorByName } from './catalogue.js'
import { EswError } from './errors.js'
import { getInstance } from './instances.js'
import { detachConnection } from './links.js'
import { CONNECTION_OWNER, readySubnet, takeAddresses } from './network.js'
import { pageInfo } from '../../platform/pagination.js'
import { eswPage } from './paging.js'
import { checkFixedIps, remoteInfos } from './rules.js'
import {
  Connection,
  type CreateConnectionBody,
  type ListAllConnectionsQuery,
  type ListConnectionsQuery,
  type UpdateConnectionBody,
} from './schemas.js'
import type { EswConnectionRow } from './tables.js'
import { CONNECTION_READY, CONNECTION_READY_SECONDS } from './transitions.js'

export function connectionView(row: EswConnectionRow): Static<typeof Connection> {
  return {
    id: row.id,
    name: row.name,
    project_id: row.project_id,
    instance_id: row.instance_id,
    vpc_id: row.vpc_id,
    virsubnet_id: row.virsubnet_id,
    fixed_ips: JSON.parse(row.fixed_ips),
    remote_infos: JSON.parse(row.remote_infos),
    status: row.status,
    created_at: isoSeconds(row.created_at),
    updated_at: isoSeconds(row.updated_at),
  }
}

/** A connection of the instance: l2cg.9923 for an unknown instance, l2cg.9904 for a connection not in it. */
export async function getConnection(db: Db, projectId: string, instanceId: string, id: string): Promise<EswConnectionRow> {
  await getInstance(db, projectId, instanceId)
  const row = await db
    .selectFrom('esw_connections')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw EswError.ConnectionNotFound(id, instanceId)
  return row
}

/**
 * Creates a connection in `pending` on an active instance; the lifecycle transition attaches its tunnels to
 * the data plane, which settles it as `connected` or `disconnect`. The subnet is exclusive to it (not another
 * connection's, not a tunnel subnet), its VNI is exclusive within the instance, and its two interface
 * addresses come from the VPC's address management.
 */
export async function createConnection(
  projectId: string,
  instanceId: string,
  input: Static<typeof CreateConnectionBody>['connection'],
  context: AppContext,
) {
  const { db, clock, lifecycle } = context
  const { segmentationId, infos } = remoteInfos(input.remote_infos)
  const fixedIps = checkFixedIps(input.fixed_ips)
  return transaction(db, async (trx) => {
    // One connection of an instance at a time (its flavor's limit is counted below, and it is not being
    // deleted meanwhile), and the subnet is not taken as a tunnel subnet meanwhile.
    await holdLocks(trx, `esw.instance:${instanceId}`, `esw.subnet:${input.virsubnet_id}`)
    const instance = await getInstance(trx, projectId, instanceId)
    if (instance.status !== 'active') throw EswError.InstanceNotActive(instanceId)
    const subnet = await readySubnet(trx, projectId, input.vpc_id, input.virsubnet_id)
    const tunnelUser = await trx.selectFrom('esw_instances').select('id').where('virsubnet_id', '=', subnet.id).limit(1).executeTakeFirst()
    if (tunnelUser) throw EswError.SubnetInUse(subnet.id, `instance ${tunnelUser.id} as its tunnel subnet`)
    const siblings = await trx
      .selectFrom('esw_connections')
      .select(['id', 'segmentation_id', 'remote_infos'])
      .where('instance_id', '=', instanceId)
      .execute()
    const limit = flavorByName(instance.flavor_ref)?.connections ?? 0
    if (siblings.length >= limit) throw EswError.ConnectionLimitReached(instanceId, limit)

    const now = toStored(clock.now())
    const row: EswConnectionRow = {
      id: newId(),
      project_id: projectId,
      instance_id: instanceId,
      name: input.name,
      vpc_id: input.vpc_id,
      virsubnet_id: subnet.id,
      fixed_ips: '[]',
      segmentation_id: segmentationId,
      remote_infos: JSON.stringify(infos),
      status: 'pending',
      created_at: now,
      updated_at: now,
    }
    // The unique (virsubnet_id) and (instance_id, segmentation_id) constraints decide; the rows are read
    // only afterwards, to say which rule the request broke.
    await savepoint(trx, () => trx.insertInto('esw_connections').values(row).execute()).catch(async (error) => {
      if (!isUniqueViolation(error)) throw error
      const holder = await trx.selectFrom('esw_connections').select('id').where('virsubnet_id', '=', subnet.id).executeTakeFirst()
      if (holder) throw EswError.SubnetInUse(subnet.id, `Layer 2 connection ${holder.id}`)
      const sameVni = siblings.find((s) => s.segmentation_id === segmentationId)
      if (!sameVni) throw error
      const remotes: Array<{ tunnel_ip: string }> = JSON.parse(sameVni.remote_infos)
      if (remotes.some((r) => infos.some((i) => i.tunnel_ip === r.tunnel_ip))) throw EswError.TunnelRepeated()
      throw EswError.SegmentInUse(segmentationId, sameVni.id)
    })
    const owner = { projectId, deviceOwner: CONNECTION_OWNER, deviceId: row.id }
    const addresses = await takeAddresses(trx, clock, subnet, owner, fixedIps ? { addresses: fixedIps } : { count: 2 }, (ip) =>
      EswError.FixedIpUnavailable(ip),
    )
    // Kept in the order given (Huawei: primary, then standby interface).
    row.fixed_ips = JSON.stringify(fixedIps ?? addresses)
    await trx.updateTable('esw_connections').set({ fixed_ips: row.fixed_ips }).where('id', '=', row.id).execute()
    await lifecycle.schedule(trx, CONNECTION_READY, row.id, CONNECTION_READY_SECONDS)
    return connectionView(row)
  })
}

/** One instance's connections; filters match exactly. */
export async function listConnections(
  projectId: string,
  instanceId: string,
  query: Static<typeof ListConnectionsQuery>,
  { db }: AppContext,
) {
  await getInstance(db, projectId, instanceId)
  // The instance is the project's, and so are its connections: the instance alone scopes the page, which
  // its covering index then answers. A marker is any connection of the project, as before.
  return pageOf(db, connectionsOf(db).where('instance_id', '=', instanceId), connectionsOf(db).where('project_id', '=', projectId), query)
}

/** Every connection of the project; filters match exactly. */
export async function listAllConnections(projectId: string, query: Static<typeof ListAllConnectionsQuery>, { db }: AppContext) {
  const project = connectionsOf(db).where('project_id', '=', projectId)
  return pageOf(db, project, project, query)
}

/** Connections as lists show them, serialised once per version. */
const connectionItems = itemCaches(Connection)

const connectionsOf = (db: Db) => db.selectFrom('esw_connections')
type Scope = ReturnType<typeof connectionsOf>

/**
 * A page of `scope`'s connections after a marker found in `markers`: the page's keys through a covering
 * index, their JSON mostly from the item cache.
 */
async function pageOf(db: Db, scope: Scope, markers: Scope, query: Static<typeof ListAllConnectionsQuery>) {
  let filtered = scope.select(['id', itemVersion])
  for (const field of ['id', 'name', 'instance_id', 'vpc_id', 'virsubnet_id'] as const) {
    const value = query[field]
    if (value !== undefined) filtered = filtered.where(field, '=', value)
  }
  const page = await eswPage(filtered, query, (id) => markers.select(['id', 'created_at']).where('id', '=', id).executeTakeFirst())
  const { items, ids } = await connectionItems(db).list(page.items, async (missing) =>
    (await db.selectFrom('esw_connections').selectAll().where('id', 'in', missing).execute()).map(connectionView),
  )
  // Counted from what the page holds: a connection deleted between the two reads is not in it.
  const held = ids.map((id) => ({ id }))
  return { connections: items, page_info: pageInfo(held, page.more) }
}

/** Only the name changes, in any status. */
export async function updateConnection(
  projectId: string,
  instanceId: string,
  id: string,
  input: Static<typeof UpdateConnectionBody>['connection'],
  { db, clock }: AppContext,
) {
  return transaction(db, async (trx) => {
    const row = await getConnection(trx, projectId, instanceId, id)
    const changes = { name: input.name, updated_at: toStored(clock.now()) }
    await trx.updateTable('esw_connections').set(changes).where('id', '=', id).execute()
    return connectionView({ ...row, ...changes })
  })
}

/**
 * Deletes a settled connection at once (Huawei takes 10-30 s but documents no deleting status; answering 404
 * right after the 204 is what Terraform expects). Refused while `pending` (l2cg.9930). Its addresses and
 * vport bindings are released, and its peers lose their link.
 */
export async function deleteConnection(
  projectId: string,
  instanceId: string,
  id: string,
  { db, clock, lifecycle, dataplane }: AppContext,
): Promise<void> {
  await transaction(db, async (trx) => {
    const row = await getConnection(trx, projectId, instanceId, id)
    if (row.status === 'pending') throw EswError.ConnectionPending(id)
    await lifecycle.cancel(trx, id)
    await detachConnection(trx, clock, dataplane, id)
    await trx.deleteFrom('esw_connections').where('id', '=', id).execute()
    await releaseAddresses(trx, id)
  })
}
