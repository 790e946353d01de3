import { dataPlane } from '../../dataplane/index.js'
import { toStored, type Clock } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import type { RemoteInfo } from './rules.js'

/**
 * Where connection statuses meet the data plane. A connection's tunnels are attached when it leaves
 * `pending` and detached when it is deleted; each time, the connections whose link may have changed (its
 * peers, in any project) get their status recomputed, so `connected`/`disconnect` follow peers coming and
 * going. All of it inside the caller's transaction.
 */
export async function attachConnection(db: Db, clock: Clock, connectionId: string): Promise<void> {
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
  const driver = dataPlane()
  const peers = await driver.attach(db, connectionId, tunnels)
  await setStatus(db, clock, connectionId, await driver.linkStatus(db, connectionId))
  await refreshLinks(db, clock, peers)
}

/** Detaches a connection being deleted; its peers lose their link to it. */
export async function detachConnection(db: Db, clock: Clock, connectionId: string): Promise<void> {
  await refreshLinks(db, clock, await dataPlane().detach(db, connectionId))
}

/** Recomputes the link status of settled connections (a `pending` one is settled by its own transition). */
async function refreshLinks(db: Db, clock: Clock, connectionIds: string[]): Promise<void> {
  for (const id of connectionIds) await setStatus(db, clock, id, await dataPlane().linkStatus(db, id))
}

/** Writes a status only when it changes, so `updated_at` (and two consecutive reads) stay stable otherwise. */
async function setStatus(db: Db, clock: Clock, id: string, status: 'connected' | 'disconnect'): Promise<void> {
  await db
    .updateTable('esw_connections')
    .set({ status, updated_at: toStored(clock.now()) })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'connected', 'disconnect'])
    .where('status', '<>', status)
    .execute()
}
