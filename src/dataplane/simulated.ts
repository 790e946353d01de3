import { newId } from '../platform/ids.js'
import type { Db } from '../store/database.js'
import { holdLocks } from '../store/locks.js'
import type { DataPlane, DataPlaneReport, LinkStatus } from './driver.js'

/**
 * A data plane without packets. A connection's link is up (`connected`) when some other connection on this
 * server, in any project, has a tunnel on the same VNI whose endpoints cross this one's: its local VTEP is
 * our remote VTEP and its remote VTEP is our local one. One such peer is enough (a connection with several
 * remote endpoints is up when any of them answers). Only built tunnels count, so a peer that is still
 * `pending` does not bring the link up until its own tunnels are attached.
 */
export const simulatedDataPlane: DataPlane = {
  name: 'simulated',

  async attach(db, connectionId, tunnels) {
    await lockVnis(db, tunnels)
    if (tunnels.length > 0) {
      await db
        .insertInto('dataplane_tunnels')
        .values(tunnels.map((t) => ({ id: newId(), connection_id: connectionId, ...t })))
        .execute()
    }
    return peers(db, connectionId)
  },

  async detach(db, connectionId) {
    await lockVnis(
      db,
      await db.selectFrom('dataplane_tunnels').select('segmentation_id').where('connection_id', '=', connectionId).execute(),
    )
    const affected = await peers(db, connectionId)
    await db.deleteFrom('dataplane_tunnels').where('connection_id', '=', connectionId).execute()
    return affected
  },

  async linkStatus(db, connectionId): Promise<LinkStatus> {
    return (await peers(db, connectionId)).length > 0 ? 'connected' : 'disconnect'
  },

  // Nothing outside the database: nothing to start, wait for or compare.
  async start() {},
  async stop() {},
  async sync() {},
  report: async () => NOTHING_REALISED,
  reconcile: async () => NOTHING_REALISED,
}

const NOTHING_REALISED: DataPlaneReport = { driver: 'simulated', prefix: '', in_sync: true, objects: [], errors: [] }

/**
 * Tunnels on one VNI are attached and detached one transaction at a time (in every process), so two peers
 * coming up together see each other: each link status is computed from every tunnel of its VNI.
 */
function lockVnis(db: Db, tunnels: Array<{ segmentation_id: number }>): Promise<void> {
  return holdLocks(db, ...tunnels.map((t) => `dataplane.vni:${t.segmentation_id}`))
}

/** Connections with a tunnel crossing one of `connectionId`'s (an index lookup per tunnel). */
async function peers(db: Db, connectionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('dataplane_tunnels as mine')
    .innerJoin('dataplane_tunnels as theirs', (join) =>
      join
        .onRef('theirs.segmentation_id', '=', 'mine.segmentation_id')
        .onRef('theirs.local_ip', '=', 'mine.remote_ip')
        .onRef('theirs.remote_ip', '=', 'mine.local_ip'),
    )
    .select('theirs.connection_id')
    .distinct()
    .where('mine.connection_id', '=', connectionId)
    .where('theirs.connection_id', '<>', connectionId)
    .execute()
  return rows.map((r) => r.connection_id)
}
