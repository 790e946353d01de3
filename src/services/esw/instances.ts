import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { newId } from '../../platform/ids.js'
import { isoSeconds, toStored } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { holdLocks } from '../../store/locks.js'
import { transaction } from '../../store/transaction.js'
import { FLAVORS, flavorByName, INSTANCE_QUOTA } from './catalogue.js'
import { EswError } from './errors.js'
import { startJob } from './jobs.js'
import { NODE_OWNER, readySubnet, takeAddresses, TUNNEL_OWNER } from './network.js'
import { eswPage } from './paging.js'
import { checkIpv4, checkZones } from './rules.js'
import { VXLAN_PORT, type CreateInstanceBody, type Instance, type ListInstancesQuery, type UpdateInstanceBody } from './schemas.js'
import type { EswInstanceRow } from './tables.js'
import { INSTANCE_ACTIVE, INSTANCE_ACTIVE_SECONDS, INSTANCE_DELETED, INSTANCE_DELETED_SECONDS } from './transitions.js'
import { prepared } from '../../store/prepared.js'

export function instanceView(row: EswInstanceRow): Static<typeof Instance> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    project_id: row.project_id,
    region: row.region,
    flavor_ref: row.flavor_ref,
    ha_mode: row.ha_mode,
    status: row.status,
    availability_zones: { primary: row.availability_zone_primary, standby: row.availability_zone_standby },
    tunnel_info: {
      vpc_id: row.vpc_id,
      virsubnet_id: row.virsubnet_id,
      tunnel_ip: row.tunnel_ip,
      tunnel_port: row.tunnel_port,
      tunnel_type: row.tunnel_type,
    },
    charge_infos: { charge_mode: row.charge_mode },
    created_at: isoSeconds(row.created_at),
    updated_at: isoSeconds(row.updated_at),
  }
}

/** An instance of the project, or l2cg.9923. */
const instanceById = prepared((db, v: { projectId: string; id: string }) =>
  db.selectFrom('esw_instances').selectAll().where('project_id', '=', v.projectId).where('id', '=', v.id),
)

export async function getInstance(db: Db, projectId: string, id: string): Promise<EswInstanceRow> {
  const row = await instanceById.first(db, { projectId, id })
  if (!row) throw EswError.InstanceNotFound(id)
  return row
}

/**
 * Creates an instance in `build`, with its CreateHAInstance job. Its VTEP address (`tunnel_ip`, given or the
 * lowest free) and the two addresses of its primary and standby nodes (Huawei: an instance takes three
 * addresses of its tunnel subnet) are allocated in the tunnel subnet, which no connection may stretch.
 */
export async function createInstance(projectId: string, input: Static<typeof CreateInstanceBody>['instance'], context: AppContext) {
  const { db, clock, lifecycle, config } = context
  if (!flavorByName(input.flavor_ref)) throw EswError.FlavorNotFound(input.flavor_ref)
  checkZones(input.availability_zones, config.region)
  const { vpc_id, virsubnet_id, tunnel_ip } = input.tunnel_info
  if (tunnel_ip !== undefined) checkIpv4('tunnel_info.tunnel_ip', tunnel_ip)
  return transaction(db, async (trx) => {
    // The quota holds under concurrency: the project's instances are counted while holding its lock; and no
    // connection takes the tunnel subnet between the check below and the insert (it holds the subnet's).
    await holdLocks(trx, `esw.instances:${projectId}`, `esw.subnet:${virsubnet_id}`)
    const used = await trx
      .selectFrom('esw_instances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow()
    if (Number(used.n) >= INSTANCE_QUOTA.quota) throw EswError.InstanceQuotaExceeded(INSTANCE_QUOTA.quota)
    const subnet = await readySubnet(trx, projectId, vpc_id, virsubnet_id)
    const stretched = await trx.selectFrom('esw_connections').select('id').where('virsubnet_id', '=', subnet.id).execute()
    if (stretched.length > 0) throw EswError.TunnelSubnetInUse(subnet.id, stretched.map((c) => c.id).join(','))

    const id = newId()
    const owner = { projectId, deviceId: id }
    const unavailable = (ip: string) => EswError.TunnelIpUnavailable(tunnel_ip ?? ip)
    const [vtep] = await takeAddresses(
      trx,
      clock,
      subnet,
      { ...owner, deviceOwner: TUNNEL_OWNER },
      tunnel_ip ? { addresses: [tunnel_ip] } : { count: 1 },
      unavailable,
    )
    await takeAddresses(trx, clock, subnet, { ...owner, deviceOwner: NODE_OWNER }, { count: 2 }, unavailable)

    const now = toStored(clock.now())
    const row: EswInstanceRow = {
      id,
      project_id: projectId,
      name: input.name,
      description: input.description ?? '',
      region: config.region,
      flavor_ref: input.flavor_ref,
      ha_mode: input.ha_mode,
      status: 'build',
      availability_zone_primary: input.availability_zones.primary,
      availability_zone_standby: input.availability_zones.standby,
      vpc_id,
      virsubnet_id,
      tunnel_ip: vtep,
      tunnel_port: VXLAN_PORT,
      tunnel_type: 'vxlan',
      charge_mode: input.charge_infos.charge_mode,
      created_at: now,
      updated_at: now,
    }
    await trx.insertInto('esw_instances').values(row).execute()
    const jobId = await startJob(trx, clock, 'CreateHAInstance', row)
    await lifecycle.schedule(trx, INSTANCE_ACTIVE, id, INSTANCE_ACTIVE_SECONDS)
    return { instance: instanceView(row), job_id: jobId }
  })
}

/** Filters match exactly. */
export async function listInstances(projectId: string, query: Static<typeof ListInstancesQuery>, { db }: AppContext) {
  const scope = db.selectFrom('esw_instances').where('project_id', '=', projectId)
  let filtered = scope.selectAll()
  if (query.id !== undefined) filtered = filtered.where('id', '=', query.id)
  if (query.name !== undefined) filtered = filtered.where('name', '=', query.name)
  if (query.description !== undefined) filtered = filtered.where('description', '=', query.description)
  const { items, page_info } = await eswPage(filtered, query, (id) =>
    scope.select(['id', 'created_at']).where('id', '=', id).executeTakeFirst(),
  )
  return { instances: items.map(instanceView), page_info }
}

/** Name and description only; refused (l2cg.9921) once the instance is being deleted. */
export async function updateInstance(
  projectId: string,
  id: string,
  input: Static<typeof UpdateInstanceBody>['instance'],
  { db, clock }: AppContext,
) {
  return transaction(db, async (trx) => {
    const row = await getInstance(trx, projectId, id)
    if (row.status === 'deleting') throw EswError.InstanceBusy(id)
    const changes: Partial<EswInstanceRow> = { updated_at: toStored(clock.now()) }
    if (input.name !== undefined) changes.name = input.name
    if (input.description !== undefined) changes.description = input.description
    await trx.updateTable('esw_instances').set(changes).where('id', '=', id).execute()
    return instanceView({ ...row, ...changes })
  })
}

/**
 * Starts deleting: the instance shows `deleting` (so Terraform, polling after the 204, sees a non-final
 * status) until the transition removes it and releases its addresses. Refused while building or already
 * deleting (l2cg.9921) and while it has connections (l2cg.9907).
 */
export async function deleteInstance(projectId: string, id: string, { db, clock, lifecycle }: AppContext): Promise<void> {
  await transaction(db, async (trx) => {
    // No connection is added between the check below and the status change (createConnection holds it too).
    await holdLocks(trx, `esw.instance:${id}`)
    const row = await getInstance(trx, projectId, id)
    if (row.status === 'build' || row.status === 'deleting') throw EswError.InstanceBusy(id)
    const connection = await trx.selectFrom('esw_connections').select('id').where('instance_id', '=', id).limit(1).executeTakeFirst()
    if (connection) throw EswError.InstanceHasConnections()
    const now = toStored(clock.now())
    await trx.updateTable('esw_instances').set({ status: 'deleting', updated_at: now }).where('id', '=', id).execute()
    await startJob(trx, clock, 'DeleteHAInstance', row)
    await lifecycle.schedule(trx, INSTANCE_DELETED, id, INSTANCE_DELETED_SECONDS)
  })
}

export function listFlavors(zones: string[]) {
  return FLAVORS.map((f) => ({ ...f, available_zones: zones }))
}

export async function instanceQuota(projectId: string, { db }: AppContext) {
  const used = await db
    .selectFrom('esw_instances')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow()
  return { type: 'instance', ...INSTANCE_QUOTA, used: Number(used.n) }
}
