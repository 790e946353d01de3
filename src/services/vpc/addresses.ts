import { newId } from '../../platform/ids.js'
import { cidrContainsIp, formatIpv4, parseCidr, parseIpv4 } from '../../platform/net/ipv4.js'
import { toStored, type Clock } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { holdLocks } from '../../store/locks.js'
import { insertRows } from '../../store/prepared.js'
import { savepoint } from '../../store/transaction.js'
import type { IpAllocationRow, SubnetRow } from './tables.js'

/**
 * IP address management, which the other services use too: every address any resource takes in a subnet (private IPs, gateways, DHCP
 * ports, ESW connection interfaces, endpoints) is a row of `ip_allocations`, and the database's unique
 * (subnet, address) constraint guarantees no address is handed out twice, whichever service asks.
 */

export type AddressProblem = 'malformed' | 'outside' | 'reserved' | 'taken' | 'exhausted'

/** Why an allocation could not be made; each service turns it into its own error code. */
export class AddressUnavailable extends Error {
  constructor(
    readonly problem: AddressProblem,
    readonly address: string,
  ) {
    super(`${address}: ${problem}`)
  }
}

export interface AllocationRequest {
  /** Specific addresses, or `count` addresses chosen by the server (the lowest free ones). */
  addresses?: string[]
  count?: number
  projectId: string
  deviceOwner: string
  deviceId: string
  status: IpAllocationRow['status']
}

/** Addresses a subnet never hands out: its network and broadcast addresses. */
export function isUnassignable(subnet: Pick<SubnetRow, 'cidr'>, ip: number): boolean {
  const cidr = parseCidr(subnet.cidr)!
  return ip === cidr.first || ip === cidr.last
}

/**
 * Usable addresses of a subnet, before any allocation: all but the network and broadcast addresses. From
 * the stored range, not the CIDR text: a list page counts it for every subnet it serialises. (Number():
 * PostgreSQL's driver hands a bigint over as its digits.)
 */
export function usableAddressCount(subnet: Pick<SubnetRow, 'cidr_first' | 'cidr_last'>): number {
  return Number(subnet.cidr_last) - Number(subnet.cidr_first) - 1
}

/**
 * Allocates addresses in `subnet` inside the caller's transaction (call it in one: see store/transaction.ts). Explicit addresses must be inside the
 * subnet, assignable and free; otherwise the lowest free addresses are taken. Throws AddressUnavailable.
 */
export async function allocateAddresses(db: Db, clock: Clock, subnet: SubnetRow, request: AllocationRequest): Promise<IpAllocationRow[]> {
  // A subnet's addresses are handed out one transaction at a time (in every process), so "the lowest free"
  // is free when it is taken, and a subnet being deleted meanwhile sees the allocation.
  await holdLocks(db, `subnet:${subnet.id}`)
  const cidr = parseCidr(subnet.cidr)!
  let numbers: number[]
  if (request.addresses) {
    numbers = request.addresses.map((text) => {
      const ip = parseIpv4(text)
      if (ip === null) throw new AddressUnavailable('malformed', String(text))
      if (!cidrContainsIp(cidr, ip)) throw new AddressUnavailable('outside', text)
      if (ip === cidr.first || ip === cidr.last) throw new AddressUnavailable('reserved', text)
      return ip
    })
    if (new Set(numbers).size !== numbers.length)
      throw new AddressUnavailable('taken', formatIpv4(numbers.find((n, i) => numbers.indexOf(n) !== i)!))
  } else {
    numbers = await lowestFree(db, subnet.id, cidr.first + 1, cidr.last - 1, request.count ?? 1)
    if (numbers.length < (request.count ?? 1)) throw new AddressUnavailable('exhausted', subnet.cidr)
  }
  const now = toStored(clock.now())
  const rows = numbers.map((ip) => allocationRow(subnet.id, ip, request, now))
  try {
    await savepoint(db, () => db.insertInto('ip_allocations').values(rows).execute())
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const taken = await db
      .selectFrom('ip_allocations')
      .select('ip_address')
      .where('subnet_id', '=', subnet.id)
      .where('ip_number', 'in', numbers)
      .executeTakeFirst()
    throw new AddressUnavailable('taken', taken?.ip_address ?? formatIpv4(numbers[0]))
  }
  return rows
}

/** An address a subnet holds for itself: its gateway, its DHCP ports. */
export interface SubnetPort {
  address: string
  deviceOwner: string
}

/**
 * Writes the addresses a new subnet holds for itself, in the transaction that creates it (one statement).
 * Nobody else sees the subnet yet and it holds no other address, so allocateAddresses' lock and its guard
 * against a taken address have nothing to do; the caller passes distinct addresses inside the subnet.
 */
export async function writeSubnetPorts(db: Db, clock: Clock, subnet: SubnetRow, ports: SubnetPort[]): Promise<void> {
  const now = toStored(clock.now())
  const holder = { projectId: subnet.project_id, deviceId: subnet.id, status: 'ACTIVE' as const }
  const rows = ports.map((port) => allocationRow(subnet.id, parseIpv4(port.address)!, { ...holder, deviceOwner: port.deviceOwner }, now))
  await insertRows(db, 'ip_allocations', rows)
}

/** The row of one address taken in a subnet. */
function allocationRow(subnetId: string, ip: number, holder: Omit<AllocationRequest, 'addresses' | 'count'>, now: string): IpAllocationRow {
  return {
    id: newId(),
    project_id: holder.projectId,
    subnet_id: subnetId,
    ip_address: formatIpv4(ip),
    ip_number: ip,
    device_owner: holder.deviceOwner,
    device_id: holder.deviceId,
    status: holder.status,
    created_at: now,
  }
}

/** Finds up to `count` free addresses from `from` upwards, reading the taken ones a window at a time. */
async function lowestFree(db: Db, subnetId: string, from: number, to: number, count: number): Promise<number[]> {
  const free: number[] = []
  const WINDOW = 256
  for (let start = from; start <= to && free.length < count; start += WINDOW) {
    const end = Math.min(start + WINDOW - 1, to)
    const taken = new Set(
      (
        await db
          .selectFrom('ip_allocations')
          .select('ip_number')
          .where('subnet_id', '=', subnetId)
          .where('ip_number', '>=', start)
          .where('ip_number', '<=', end)
          .execute()
      ).map((r) => Number(r.ip_number)),
    )
    for (let ip = start; ip <= end && free.length < count; ip++) if (!taken.has(ip)) free.push(ip)
  }
  return free
}

/** Returns every address a resource holds to its subnets. */
export async function releaseAddresses(db: Db, deviceId: string): Promise<void> {
  await db.deleteFrom('ip_allocations').where('device_id', '=', deviceId).execute()
}

/** How many addresses of each subnet are allocated. */
export async function allocatedCounts(db: Db, subnetIds: string[]): Promise<Map<string, number>> {
  if (subnetIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('ip_allocations')
    .select(['subnet_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('subnet_id', 'in', subnetIds)
    .groupBy('subnet_id')
    .execute()
  return new Map(rows.map((r) => [r.subnet_id, Number(r.count)]))
}
