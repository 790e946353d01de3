import type { DataPlane, LinkStatus } from '../../dataplane/driver.js'
import { toStored, type Clock } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import type { RemoteInfo } from './rules.js'

/**
 * Where connection statuses meet the data plane. A connection's tunnels are attached when it leaves
 * `pending` and detached when it is deleted; each time, the connections whose link may have changed (its
 * peers, in any project) get their status recomputed, so `connected`/`disconnect` follow peers coming and
 * going. All of it inside the caller's transaction.
 */
export async function attachConnection(db: Db, clock: Clock, dataplane: DataPlane, connectionId: string): Promise<void> {
  const connection = await db
    .selectFrom('esw_connections')
    .innerJoin('esw_instances', 'esw_instances.id', 'esw_connections.instance_id')
    .select(['esw_connections.remote_infos', 'esw_connections.status', 'esw_instances.tunnel_ip'])
    .where('esw_connections.id', '=', connectionId)
    .executeTakeFirst()
  if (!connection || connection.status !== 'pending') return
  const remotes: RemoteInfo[] = JSON.parse(connection.remote_infos)
  const tunnels = remotes.map((r) => ({
    segmentation_id: r.segmentation_id,
    local_ip: connection.tunnel_ip,
    remote_ip: r.tunnel_ip,
    port: r.tunnel_port,
  }))
  const peers = await dataplane.attach(db, connectionId, tunnels)
  await setStatus(db, clock, connectionId, await dataplane.linkStatus(db, connectionId), ['pending', 'connected', 'disconnect'])
  await refreshLinks(db, clock, dataplane, peers)
}

/** Detaches a connection being deleted; its peers lose their link to it. */
export async function detachConnection(db: Db, clock: Clock, dataplane: DataPlane, connectionId: string): Promise<void> {
  await refreshLinks(db, clock, dataplane, await dataplane.detach(db, connectionId))
}

/**
 * Records a link status the data plane observed (the linux one, from the kernel). Only settled connections
 * follow their link: a `pending` one is settled by its own transition. Answers whether the status changed.
 */
export async function followLink(db: Db, clock: Clock, connectionId: string, status: LinkStatus): Promise<boolean> {
  return setStatus(db, clock, connectionId, status, ['connected', 'disconnect'])
}

/** Recomputes the link status of settled connections (a `pending` one is settled by its own transition). */
async function refreshLinks(db: Db, clock: Clock, dataplane: DataPlane, connectionIds: string[]): Promise<void> {
  for (const id of connectionIds) await followLink(db, clock, id, await dataplane.linkStatus(db, id))
}

/** Writes a status only when it changes, so `updated_at` (and two consecutive reads) stay stable otherwise. */
async function setStatus(db: Db, clock: Clock, id: string, status: LinkStatus, from: string[]): Promise<boolean> {
  const result = await db
    .updateTable('esw_connections')
    .set({ status, updated_at: toStored(clock.now()) })
    .where('id', '=', id)
    .where('status', 'in', from as Array<'pending' | 'connected' | 'disconnect'>)
    .where('status', '<>', status)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
