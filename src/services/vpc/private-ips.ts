import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { keysetPage, pageSize } from '../../platform/pagination.js'
import type { Db } from '../../store/database.js'
import { transaction } from '../../store/transaction.js'
import { AddressUnavailable, allocateAddresses } from './addresses.js'
import { VpcError } from './errors.js'
import type { CreatePrivateIpsBody, ListPrivateIpsQuery, PrivateIp } from './schemas.js'
import { getSubnet } from './subnets.js'
import type { IpAllocationRow } from './tables.js'
import { DEFAULT_PAGE } from './vpcs.js'

/**
 * Private IPs are the addresses of a subnet, seen through the VPC API: the ones reserved with this API
 * (DOWN, no device; the owner empty or the `neutron:VIP_PORT` asked for) and every port another resource
 * holds (gateway, DHCP, ESW interfaces ...).
 */
export function privateIpView(row: IpAllocationRow): Static<typeof PrivateIp> {
  return {
    id: row.id,
    status: row.status,
    subnet_id: row.subnet_id,
    tenant_id: row.project_id,
    device_owner: row.device_owner,
    ip_address: row.ip_address,
  }
}

/** The VPC API's codes for why an address could not be had. */
export function addressError(error: unknown): unknown {
  if (!(error instanceof AddressUnavailable)) return error
  if (error.problem === 'taken') return VpcError.PrivateIpTaken()
  if (error.problem === 'exhausted') return VpcError.SubnetExhausted()
  return VpcError.PrivateIpInvalid()
}

export async function createPrivateIps(projectId: string, input: Static<typeof CreatePrivateIpsBody>, { db, clock }: AppContext) {
  return transaction(db, async (trx) => {
    const created: IpAllocationRow[] = []
    for (const request of input.privateips) {
      const subnet = await getSubnet(trx, projectId, request.subnet_id).catch(() => {
        throw VpcError.PrivateIpSubnetNotFound()
      })
      const rows = await allocateAddresses(trx, clock, subnet, {
        projectId,
        deviceOwner: request.device_owner ?? '',
        deviceId: '',
        status: 'DOWN',
        ...(request.ip_address !== undefined ? { addresses: [request.ip_address] } : { count: 1 }),
      }).catch((error) => {
        throw addressError(error)
      })
      created.push(...rows)
    }
    return created.map(privateIpView)
  })
}

async function getPrivateIp(db: Db, projectId: string, id: string): Promise<IpAllocationRow> {
  const row = await db.selectFrom('ip_allocations').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst()
  if (!row) throw VpcError.PrivateIpNotFound()
  return row
}

export async function showPrivateIp(projectId: string, id: string, { db }: AppContext) {
  return privateIpView(await getPrivateIp(db, projectId, id))
}

export async function listPrivateIps(projectId: string, subnetId: string, query: Static<typeof ListPrivateIpsQuery>, { db }: AppContext) {
  await getSubnet(db, projectId, subnetId)
  let after
  if (query.marker) {
    after = await db
      .selectFrom('ip_allocations')
      .select(['id', 'created_at'])
      .where('subnet_id', '=', subnetId)
      .where('id', '=', query.marker)
      .executeTakeFirst()
    if (!after) throw VpcError.PrivateIpListInvalid()
  }
  const q = db.selectFrom('ip_allocations').selectAll().where('subnet_id', '=', subnetId)
  const { items } = await keysetPage(q, pageSize(query.limit, DEFAULT_PAGE), after)
  return items.map(privateIpView)
}

/**
 * Only addresses reserved through this API (no device holds them: `device_id` is empty) can be released
 * through it; ports go with their resource.
 */
export async function deletePrivateIp(projectId: string, id: string, { db }: AppContext): Promise<void> {
  await transaction(db, async (trx) => {
    const row = await getPrivateIp(trx, projectId, id)
    if (row.device_id !== '') throw VpcError.PrivateIpInUse()
    await trx.deleteFrom('ip_allocations').where('id', '=', id).execute()
  })
}
