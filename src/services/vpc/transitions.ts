import type { TransitionHandler } from '../../platform/operation.js'
import { toStored } from '../../platform/time.js'
import { prepared } from '../../store/prepared.js'
import type { SubnetRow, VpcRow } from './tables.js'

/** How long the real service takes, in seconds; realistic mode scales these (LINKPLANE_LIFECYCLE_SCALE). */
export const VPC_READY_SECONDS = 3
export const SUBNET_READY_SECONDS = 5

export const VPC_READY = 'vpc.vpc-ready'
export const SUBNET_READY = 'vpc.subnet-ready'

type Status = { vpcs: VpcRow['status']; subnets: SubnetRow['status'] }

/** Moves a VPC or subnet from one status to another, when it still has the first (a no-op otherwise). */
function move<T extends keyof Status>(table: T, from: Status[T], to: Status[T]): TransitionHandler {
  // Kysely cannot follow a table name chosen by a type parameter; the signature keeps the statuses right.
  const update = prepared((db, v: { id: string; now: string }) =>
    db
      .updateTable(table as 'vpcs')
      .set({ status: to as VpcRow['status'], updated_at: v.now })
      .where('id', '=', v.id)
      .where('status', '=', from as VpcRow['status']),
  )
  return (id, { db, clock }) => update.run(db, { id, now: toStored(clock.now()) })
}

export const vpcTransitions: Record<string, TransitionHandler> = {
  [VPC_READY]: move('vpcs', 'CREATING', 'OK'),
  /** UNKNOWN: not yet attached to the VPC's router. */
  [SUBNET_READY]: move('subnets', 'UNKNOWN', 'ACTIVE'),
}

/** What a fault rule makes of them instead: the VPC or subnet ends in `ERROR`, Huawei's failure status for both. */
export const vpcFailures: Record<string, TransitionHandler> = {
  [VPC_READY]: move('vpcs', 'CREATING', 'ERROR'),
  [SUBNET_READY]: move('subnets', 'UNKNOWN', 'ERROR'),
}
