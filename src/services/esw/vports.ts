import type { AppContext } from '../../context.js'
import { toStored } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { savepoint, transaction } from '../../store/transaction.js'
import { findAddress } from '../vpc/network.js'
import { EswError } from './errors.js'

/**
 * Virtual-IP ports bound to a connection, so traffic for that address crosses the layer-2 link. A port is
 * an address allocated in the connection's subnet (a private IP of the VPC API: its id is the port id).
 * Huawei has no read API for bindings, so they are only kept to refuse double binds and bad unbinds. A port
 * is bound to one connection at most (primary key); releasing the address drops its binding.
 */
async function connectionOf(db: Db, projectId: string, connectionId: string) {
  const row = await db
    .selectFrom('esw_connections')
    .select(['id', 'virsubnet_id'])
    .where('project_id', '=', projectId)
    .where('id', '=', connectionId)
    .executeTakeFirst()
  if (!row) throw EswError.ConnectionIdNotFound(connectionId)
  return row
}

export async function bindVport(projectId: string, connectionId: string, portId: string, { db, clock }: AppContext): Promise<void> {
  await transaction(db, async (trx) => {
    const connection = await connectionOf(trx, projectId, connectionId)
    const port = await findAddress(trx, projectId, portId)
    if (!port) throw EswError.VportNotFound(portId)
    if (port.subnet_id !== connection.virsubnet_id) throw EswError.VportOutsideSubnet(portId, connectionId)
    await savepoint(trx, () =>
      trx
        .insertInto('esw_vport_bindings')
        .values({ port_id: portId, connection_id: connectionId, project_id: projectId, created_at: toStored(clock.now()) })
        .execute(),
    ).catch(async (error) => {
      if (!isUniqueViolation(error)) throw error
      const holder = await trx.selectFrom('esw_vport_bindings').select('connection_id').where('port_id', '=', portId).executeTakeFirst()
      throw EswError.VportBound(portId, holder?.connection_id ?? '')
    })
  })
}

export async function unbindVport(projectId: string, connectionId: string, portId: string, { db }: AppContext): Promise<void> {
  await transaction(db, async (trx) => {
    await connectionOf(trx, projectId, connectionId)
    const removed = await trx
      .deleteFrom('esw_vport_bindings')
      .where('port_id', '=', portId)
      .where('connection_id', '=', connectionId)
      .executeTakeFirst()
    if (removed.numDeletedRows === 0n) throw EswError.VportNotBound(portId, connectionId)
  })
}
