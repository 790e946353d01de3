import type { TransitionHandler } from '../../platform/operation.js'
import { toStored } from '../../platform/time.js'

/**
 * Cluster `status_code` ↔ `status_name`. Huawei documents only 5 = cluster_running and the names; the
 * other numbers follow the order of the SDK's status enumeration (linkplane's choice). Terraform waits
 * while 1 or 4 and stops at 3, 5 or 8 (8 is not used here).
 */
export const CLUSTER_STATUS: Record<number, { name: string; desc: string }> = {
  1: { name: 'cluster_creating', desc: 'The cluster is being created.' },
  2: { name: 'cluster_create_fail', desc: 'The cluster could not be created.' },
  3: { name: 'cluster_create_success', desc: 'The cluster has been created.' },
  4: { name: 'cluster_starting', desc: 'The cluster is starting.' },
  5: { name: 'cluster_running', desc: 'The cluster is running.' },
  6: { name: 'cluster_deleting', desc: 'The cluster is being deleted.' },
  7: { name: 'cluster_delete_fail', desc: 'The cluster could not be deleted.' },
}

export const statusCode = (name: string): number => Number(Object.entries(CLUSTER_STATUS).find(([, s]) => s.name === name)![0])

/** How long the real service takes, in seconds (scaled in realistic mode): about 5 minutes to create, 1 to start. */
export const CLUSTER_CREATE_SECONDS = 300
export const CLUSTER_START_SECONDS = 60

export const CLUSTER_CREATED = 'cs.cluster-created'
export const CLUSTER_STARTED = 'cs.cluster-started'

export const csTransitions: Record<string, TransitionHandler> = {
  /** 1 cluster_creating -> 4 cluster_starting, then the start is scheduled. */
  [CLUSTER_CREATED]: async (id, context) => {
    const moved = await context.db
      .updateTable('cs_clusters')
      .set({ status_code: 4, updated_at: toStored(context.clock.now()) })
      .where('id', '=', Number(id))
      .where('status_code', '=', 1)
      .executeTakeFirst()
    if (moved.numUpdatedRows > 0n) await context.lifecycle.schedule(context.db, CLUSTER_STARTED, id, CLUSTER_START_SECONDS)
  },
  /** 4 cluster_starting -> 5 cluster_running */
  [CLUSTER_STARTED]: async (id, { db, clock }) => {
    await db
      .updateTable('cs_clusters')
      .set({ status_code: 5, updated_at: toStored(clock.now()) })
      .where('id', '=', Number(id))
      .where('status_code', '=', 4)
      .execute()
  },
}

/** What a fault rule makes of creation instead: 1 cluster_creating -> 2 cluster_create_fail. */
export const csFailures: Record<string, TransitionHandler> = {
  [CLUSTER_CREATED]: async (id, { db, clock }) => {
    await db
      .updateTable('cs_clusters')
      .set({ status_code: 2, updated_at: toStored(clock.now()) })
      .where('id', '=', Number(id))
      .where('status_code', '=', 1)
      .execute()
  },
}
