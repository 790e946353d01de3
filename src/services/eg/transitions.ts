import type { TransitionHandler } from '../../platform/operation.js'
import { toStored } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { AddressUnavailable, allocateAddresses, findSubnet } from '../vpc/network.js'

/**
 * How long provisioning a connection's endpoint takes, in seconds (undocumented; linkplane's choice).
 * Realistic mode scales it (LINKPLANE_LIFECYCLE_SCALE).
 */
export const CONNECTION_READY_SECONDS = 10
export const CONNECTION_READY = 'eg.connection-ready'

/** Who holds a connection's address in its subnet (the VPC API's device_owner). */
export const CONNECTION_DEVICE_OWNER = 'eg:connection'

/**
 * The failure Huawei's definition gives as ErrorInfo's example; the cause is in error_detail. The real
 * service's provisioning failure codes are undocumented.
 */
const PROVISIONING_FAILED = 'EGS.00511000'

export const egTransitions: Record<string, TransitionHandler> = {
  /**
   * CREATING -> CREATED once the connection's endpoint holds an address in its subnet, or CREATE_FAILED
   * with error_info when the subnet has no free address (or was deleted meanwhile).
   */
  [CONNECTION_READY]: async (id, { db, clock }) => {
    const row = await db.selectFrom('eg_connections').selectAll().where('id', '=', id).where('status', '=', 'CREATING').executeTakeFirst()
    if (!row) return
    const now = toStored(clock.now())
    const fail = (detail: string, message: string) => failConnection(db, now, id, detail, message)
    const subnet = await findSubnet(db, row.project_id, row.subnet_id)
    if (!subnet) return void (await fail('subnet not found', `subnet ${row.subnet_id} no longer exists`))
    try {
      const [address] = await allocateAddresses(db, clock, subnet, {
        count: 1,
        projectId: row.project_id,
        deviceOwner: CONNECTION_DEVICE_OWNER,
        deviceId: row.id,
        status: 'ACTIVE',
      })
      await db
        .updateTable('eg_connections')
        .set({ status: 'CREATED', endpoint_ip: address.ip_address, updated_at: now })
        .where('id', '=', id)
        .execute()
    } catch (error) {
      // Another allocation racing for the same address is retried by the lifecycle engine; a full subnet is final.
      if (!(error instanceof AddressUnavailable) || error.problem !== 'exhausted') throw error
      await fail('subnet exhausted', `subnet ${subnet.id} (${subnet.cidr}) has no free IP address`)
    }
  },
}

/** A fault rule's failure: the connection ends CREATE_FAILED, with the cause in error_info. */
export const egFailures: Record<string, TransitionHandler> = {
  [CONNECTION_READY]: (id, { db, clock }) =>
    failConnection(db, toStored(clock.now()), id, 'injected fault', 'the connection endpoint could not be provisioned'),
}

async function failConnection(db: Db, now: string, id: string, detail: string, message: string): Promise<void> {
  await db
    .updateTable('eg_connections')
    .set({
      status: 'CREATE_FAILED',
      error_info: JSON.stringify({ error_code: PROVISIONING_FAILED, error_detail: detail, error_msg: message }),
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'CREATING')
    .execute()
}
