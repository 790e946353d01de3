import type { TransitionHandler } from '../../platform/operation.js'
import { toStored } from '../../platform/time.js'

export const PEERING_EXPIRE = 'vpc-peering.expire'

/** Deadlines: wall-clock timeouts, not scaled by the lifecycle mode (see Lifecycle.scheduleDeadline). */
export const peeringDeadlines: Record<string, TransitionHandler> = {
  /** PENDING_ACCEPTANCE -> EXPIRED, when the accepting tenant did not answer in time. */
  [PEERING_EXPIRE]: async (id, { db, clock }) => {
    await db
      .updateTable('vpc_peerings')
      .set({ status: 'EXPIRED', updated_at: toStored(clock.now()) })
      .where('id', '=', id)
      .where('status', '=', 'PENDING_ACCEPTANCE')
      .execute()
  },
}
