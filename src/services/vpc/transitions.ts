import type { TransitionHandler } from '../../platform/operation.js'
import { toStored } from '../../platform/time.js'

/** How long the real service takes, in seconds; realistic mode scales these (LINKPLANE_LIFECYCLE_SCALE). */
export const VPC_READY_SECONDS = 3
export const SUBNET_READY_SECONDS = 5

export const VPC_READY = 'vpc.vpc-ready'
export const SUBNET_READY = 'vpc.subnet-ready'

export const vpcTransitions: Record<string, TransitionHandler> = {
  /** CREATING -> OK */
  [VPC_READY]: async (id, { db, clock }) => {
    await db
      .updateTable('vpcs')
      .set({ status: 'OK', updated_at: toStored(clock.now()) })
      .where('id', '=', id)
      .where('status', '=', 'CREATING')
      .execute()
  },
  /** UNKNOWN (not yet attached to the VPC's router) -> ACTIVE */
  [SUBNET_READY]: async (id, { db, clock }) => {
    await db
      .updateTable('subnets')
      .set({ status: 'ACTIVE', updated_at: toStored(clock.now()) })
      .where('id', '=', id)
      .where('status', '=', 'UNKNOWN')
      .execute()
  },
}

/** What a fault rule makes of them instead: the VPC or subnet ends in `ERROR`, Huawei's failure status for both. */
export const vpcFailures: Record<string, TransitionHandler> = {
  [VPC_READY]: async (id, { db, clock }) => {
    await db
      .updateTable('vpcs')
      .set({ status: 'ERROR', updated_at: toStored(clock.now()) })
      .where('id', '=', id)
      .where('status', '=', 'CREATING')
      .execute()
  },
  [SUBNET_READY]: async (id, { db, clock }) => {
    await db
      .updateTable('subnets')
      .set({ status: 'ERROR', updated_at: toStored(clock.now()) })
      .where('id', '=', id)
      .where('status', '=', 'UNKNOWN')
      .execute()
  },
}
