import type { TransitionHandler } from '../../platform/operation.js'
import { toStored } from '../../platform/time.js'
import { releaseAddresses } from '../vpc/network.js'
import { completeJob } from './jobs.js'
import { attachConnection } from './links.js'

/**
 * How long the real service takes, in seconds (realistic mode scales these by LINKPLANE_LIFECYCLE_SCALE):
 * an instance is built in 3-6 minutes and deleted in 10-30 s; a connection is up in 20-60 s (console guide).
 */
export const INSTANCE_ACTIVE_SECONDS = 240
export const INSTANCE_DELETED_SECONDS = 20
export const CONNECTION_READY_SECONDS = 30

export const INSTANCE_ACTIVE = 'esw.instance-active'
export const INSTANCE_DELETED = 'esw.instance-deleted'
export const CONNECTION_READY = 'esw.connection-ready'

export const eswTransitions: Record<string, TransitionHandler> = {
  /** build -> active; the CreateHAInstance job completes. */
  [INSTANCE_ACTIVE]: async (id, { db, clock }) => {
    await db
      .updateTable('esw_instances')
      .set({ status: 'active', updated_at: toStored(clock.now()) })
      .where('id', '=', id)
      .where('status', '=', 'build')
      .execute()
    await completeJob(db, clock, 'CreateHAInstance', id)
  },
  /** deleting -> gone: the tunnel subnet's addresses are released; the DeleteHAInstance job completes. */
  [INSTANCE_DELETED]: async (id, { db, clock }) => {
    const deleted = await db.deleteFrom('esw_instances').where('id', '=', id).where('status', '=', 'deleting').executeTakeFirst()
    if (deleted.numDeletedRows === 0n) return
    await releaseAddresses(db, id)
    await completeJob(db, clock, 'DeleteHAInstance', id)
  },
  /** pending -> connected | disconnect, as the data plane sees the link once the tunnels are built. */
  [CONNECTION_READY]: async (id, { db, clock, dataplane }) => {
    await attachConnection(db, clock, dataplane, id)
  },
}

/** What a fault rule makes of them instead: Huawei's `failed` status (and a FAILED CreateHAInstance job). */
export const eswFailures: Record<string, TransitionHandler> = {
  [INSTANCE_ACTIVE]: async (id, { db, clock }) => {
    await db
      .updateTable('esw_instances')
      .set({ status: 'failed', updated_at: toStored(clock.now()) })
      .where('id', '=', id)
      .where('status', '=', 'build')
      .execute()
    await completeJob(db, clock, 'CreateHAInstance', id, 'the instance could not be built')
  },
  [CONNECTION_READY]: async (id, { db, clock }) => {
    await db
      .updateTable('esw_connections')
      .set({ status: 'failed', updated_at: toStored(clock.now()) })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute()
  },
}
