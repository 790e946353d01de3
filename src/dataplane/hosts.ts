import type { AppContext } from '../context.js'
import { newId } from '../platform/ids.js'
import { parseIpv4 } from '../platform/net/ipv4.js'
import { toStored } from '../platform/time.js'
import type { Db } from '../store/database.js'
import { transaction } from '../store/transaction.js'
import { AddressUnavailable, allocateAddresses, releaseAddresses } from '../services/vpc/network.js'
import { subnetById } from '../services/vpc/data-plane.js'
import { DataPlaneError } from './errors.js'
import { Names } from './linux/names.js'
import type { DataPlaneHostRow } from './tables.js'

/** The owner written on a test host's address, so the VPC API shows who holds it. */
export const TEST_HOST_OWNER = 'linkplane:test_host'

/**
 * Test hosts: a namespace with one interface on a subnet's bridge, to run `ip netns exec NS ping ...` from.
 * The address comes from the VPC's address management like any other (given, or the lowest free), so no
 * resource can take it meanwhile, and the subnet cannot be deleted while the host is on it.
 */
export function hostView(row: DataPlaneHostRow, prefix: string | undefined) {
  return {
    id: row.id,
    // Hosts exist only in namespaces of the linux data plane (none when this server simulates it).
    namespace: prefix === undefined ? '' : new Names(prefix).host(row.id),
    ip_address: row.ip_address,
    subnet_id: row.subnet_id,
    vpc_id: row.vpc_id,
  }
}

export async function listHosts(db: Db): Promise<DataPlaneHostRow[]> {
  return db.selectFrom('dataplane_hosts').selectAll().orderBy('created_at').orderBy('id').execute()
}

export async function createHost(input: { subnet_id: string; ip_address?: string }, { db, clock, dataplane }: AppContext) {
  if (dataplane.name !== 'linux') throw DataPlaneError.NotRealised()
  if (input.ip_address !== undefined && parseIpv4(input.ip_address) === null) {
    throw DataPlaneError.BadRequest(`ip_address ${input.ip_address} is not an IPv4 address`)
  }
  return transaction(db, async (trx) => {
    const subnet = await subnetById(trx, input.subnet_id)
    if (!subnet) throw DataPlaneError.SubnetNotFound(input.subnet_id)
    if (subnet.status !== 'ACTIVE') throw DataPlaneError.SubnetNotActive(subnet.id)
    const id = newId()
    const wanted = input.ip_address !== undefined ? { addresses: [input.ip_address] } : { count: 1 }
    let address: string
    try {
      const [allocation] = await allocateAddresses(trx, clock, subnet, {
        ...wanted,
        projectId: subnet.project_id,
        deviceOwner: TEST_HOST_OWNER,
        deviceId: id,
        status: 'ACTIVE',
      })
      address = allocation.ip_address
    } catch (error) {
      if (!(error instanceof AddressUnavailable)) throw error
      if (error.problem === 'taken' || error.problem === 'exhausted') throw DataPlaneError.AddressUnavailable(error.address)
      throw DataPlaneError.BadRequest(`ip_address ${error.address} is not an assignable address of subnet ${subnet.cidr}`)
    }
    const row: DataPlaneHostRow = {
      id,
      project_id: subnet.project_id,
      vpc_id: subnet.vpc_id,
      subnet_id: subnet.id,
      ip_address: address,
      created_at: toStored(clock.now()),
    }
    await trx.insertInto('dataplane_hosts').values(row).execute()
    return row
  })
}

export async function deleteHost(id: string, { db }: AppContext): Promise<void> {
  await transaction(db, async (trx) => {
    const deleted = await trx.deleteFrom('dataplane_hosts').where('id', '=', id).executeTakeFirst()
    if (deleted.numDeletedRows === 0n) throw DataPlaneError.HostNotFound(id)
    await releaseAddresses(trx, id)
  })
}
