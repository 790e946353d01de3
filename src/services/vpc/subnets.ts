import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { newId } from '../../platform/ids.js'
import { itemCaches, itemVersion } from '../../platform/item-cache.js'
import { formatIpv4, parseCidr } from '../../platform/net/ipv4.js'
import { keysetPage, pageSize } from '../../platform/pagination.js'
import { isoSecondsNoZone, toStored } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { holdLocks } from '../../store/locks.js'
import { insertRows, prepared } from '../../store/prepared.js'
import { transaction } from '../../store/transaction.js'
import { allocatedCounts, usableAddressCount, writeSubnetPorts } from './addresses.js'
import { VpcError } from './errors.js'
import { extendCidrsOfVpc } from './extend-cidrs.js'
import { checkAvailabilityZone, checkDhcpOptions, checkGateway, dnsSettings, subnetCidr, type DhcpOption } from './rules.js'
import { Subnet, type CreateSubnetBody, type ListSubnetsQuery, type UpdateSubnetBody } from './schemas.js'
import type { SubnetRow } from './tables.js'
import { parseStarTags, writeTags } from './tags.js'
import { SUBNET_READY, SUBNET_READY_SECONDS } from './transitions.js'
import { DEFAULT_PAGE, getVpc } from './vpcs.js'

/** Ports the VPC service itself keeps in every subnet; other addresses block deleting the subnet. */
export const GATEWAY_OWNER = 'network:router_interface_distributed'
export const DHCP_OWNER = 'network:dhcp'
const SYSTEM_OWNERS = [GATEWAY_OWNER, DHCP_OWNER]

export function subnetView(row: SubnetRow, allocated: number): Static<typeof Subnet> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    cidr: row.cidr,
    gateway_ip: row.gateway_ip,
    ipv6_enable: row.ipv6_enable === 1,
    dhcp_enable: row.dhcp_enable === 1,
    primary_dns: row.primary_dns,
    secondary_dns: row.secondary_dns,
    dnsList: JSON.parse(row.dns_list),
    availability_zone: row.availability_zone,
    vpc_id: row.vpc_id,
    status: row.status,
    // The v1 subnet id is the Neutron network id, as in Huawei's API.
    neutron_network_id: row.id,
    neutron_subnet_id: row.neutron_subnet_id,
    cidr_v6: '',
    gateway_ip_v6: '',
    neutron_subnet_id_v6: '',
    extra_dhcp_opts: JSON.parse(row.extra_dhcp_opts),
    scope: 'center',
    tenant_id: row.project_id,
    available_ip_address_count: usableAddressCount(row) - allocated,
    enable_network_address_usage_metrics: false,
    created_at: isoSecondsNoZone(row.created_at),
    updated_at: isoSecondsNoZone(row.updated_at),
  }
}

async function viewWithCount(db: Db, row: SubnetRow) {
  return subnetView(row, (await allocatedCounts(db, [row.id])).get(row.id) ?? 0)
}

/** A subnet of the project, or VPC.0202. Other services use it to check the subnets their resources name. */
export async function getSubnet(db: Db, projectId: string, id: string): Promise<SubnetRow> {
  const row = await db.selectFrom('subnets').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst()
  if (!row) throw VpcError.SubnetNotFound()
  return row
}

/** The subnet of a VPC starting last at or below `last` (see createSubnet). */
const nearestSubnet = prepared((db, v: { vpcId: string; last: number }) =>
  db
    .selectFrom('subnets')
    .select('cidr_last')
    .where('vpc_id', '=', v.vpcId)
    .where('cidr_first', '<=', v.last)
    .orderBy('cidr_first', 'desc')
    .limit(1),
)

export async function createSubnet(projectId: string, input: Static<typeof CreateSubnetBody>['subnet'], context: AppContext) {
  const { db, clock, lifecycle, config } = context
  const dns = dnsSettings(input)
  const dhcpOptions = checkDhcpOptions(input.extra_dhcp_opts ?? [])
  const zone = checkAvailabilityZone(input.availability_zone, config.region)
  const tags = parseStarTags(input.tags ?? [])
  // linkplane has no IPv6 address management: refused rather than answered as an IPv4-only subnet.
  if (input.ipv6_enable) throw VpcError.SubnetInvalid('ipv6_enable: linkplane does not implement IPv6 subnets')
  return transaction(db, async (trx) => {
    // Subnets are placed in a VPC one at a time, in every process: the overlap check below sees them all.
    await holdLocks(trx, `vpc:${input.vpc_id}`)
    const vpc = await getVpc(trx, projectId, input.vpc_id)
    if (vpc.status !== 'OK') throw VpcError.VpcNotActive()
    const cidr = subnetCidr(input.cidr, parseCidr(vpc.cidr), await extendCidrsOfVpc(trx, vpc.id))
    const gateway = checkGateway(cidr, input.gateway_ip)
    // Overlap is checked while holding the VPC's lock, so two concurrent creates, in any process, cannot both pass.
    // Sibling subnets never overlap, so among those starting at or below this one's end, only the one that
    // starts last can reach into it: one index seek, however many subnets the VPC has.
    const nearest = await nearestSubnet.first(trx, { vpcId: vpc.id, last: cidr.last })
    if (nearest && Number(nearest.cidr_last) >= cidr.first) throw VpcError.SubnetOverlaps()
    const now = toStored(clock.now())
    const row: SubnetRow = {
      id: newId(),
      project_id: projectId,
      vpc_id: vpc.id,
      name: input.name,
      description: input.description ?? '',
      cidr: cidr.text,
      cidr_first: cidr.first,
      cidr_last: cidr.last,
      gateway_ip: formatIpv4(gateway),
      dhcp_enable: input.dhcp_enable === false ? 0 : 1,
      ipv6_enable: 0,
      primary_dns: dns.primary_dns,
      secondary_dns: dns.secondary_dns,
      dns_list: JSON.stringify(dns.dnsList),
      availability_zone: zone,
      extra_dhcp_opts: JSON.stringify(dhcpOptions),
      neutron_subnet_id: newId(),
      status: 'UNKNOWN',
      created_at: now,
      updated_at: now,
    }
    await insertRows(trx, 'subnets', [row])
    // The gateway and two DHCP ports hold addresses from the start, as in Huawei's VPCs (which is why a
    // /24 offers 251 addresses). The DHCP ports take the highest addresses below broadcast.
    const dhcp = [cidr.last - 1, cidr.last - 2, cidr.last - 3]
      .filter((ip) => ip !== gateway)
      .slice(0, 2)
      .map((ip) => ({ address: formatIpv4(ip), deviceOwner: DHCP_OWNER }))
    await writeSubnetPorts(trx, clock, row, [{ address: row.gateway_ip, deviceOwner: GATEWAY_OWNER }, ...dhcp])
    await writeTags(trx, projectId, 'subnet', row.id, tags, clock.now())
    await lifecycle.schedule(trx, SUBNET_READY, row.id, SUBNET_READY_SECONDS)
    return subnetView(row, 1 + dhcp.length)
  })
}

export async function showSubnet(projectId: string, id: string, { db }: AppContext) {
  return viewWithCount(db, await getSubnet(db, projectId, id))
}

/** Where a page after the subnet `id` starts. */
const subnetKeyset = prepared((db, v: { projectId: string; id: string }) =>
  db.selectFrom('subnets').select(['id', 'created_at']).where('project_id', '=', v.projectId).where('id', '=', v.id),
)

/** Subnets as lists show them, serialised once per version (which addresses taken or freed change too). */
const subnetItems = itemCaches(Subnet)

/** A page of the project's subnets: their keys through the covering index, their JSON mostly from the item cache. */
export async function listSubnets(projectId: string, query: Static<typeof ListSubnetsQuery>, { db }: AppContext) {
  let q = db.selectFrom('subnets').select(['id', itemVersion]).where('project_id', '=', projectId)
  if (query.vpc_id !== undefined) q = q.where('vpc_id', '=', query.vpc_id)
  let after
  if (query.marker) {
    after = await subnetKeyset.first(db, { projectId, id: query.marker })
    if (!after) throw VpcError.SubnetInvalid(`marker ${query.marker} is not a subnet of this project`)
  }
  const { items: page } = await keysetPage(q, pageSize(query.limit, DEFAULT_PAGE), after)
  const { items } = await subnetItems(db).list(page, async (ids) => {
    const [rows, counts] = await Promise.all([
      db.selectFrom('subnets').selectAll().where('id', 'in', ids).execute(),
      allocatedCounts(db, ids),
    ])
    return rows.map((row) => subnetView(row, counts.get(row.id) ?? 0))
  })
  return items
}

/**
 * An update's DHCP options change the ones it names and keep the others, as Neutron's extra DHCP options
 * do; a null value removes an option (the Terraform provider clears `ntp` and `domainname` that way).
 */
function mergeDhcpOptions(row: SubnetRow, update: DhcpOption[]) {
  const named = new Set(update.map((option) => option.opt_name))
  const kept = (JSON.parse(row.extra_dhcp_opts) as DhcpOption[]).filter((option) => !named.has(option.opt_name))
  return [...kept, ...checkDhcpOptions(update)]
}

/** A subnet addressed through its VPC (update and delete paths): VPC.0003, VPC.0202 or VPC.0207. */
async function subnetOfVpc(db: Db, projectId: string, vpcId: string, subnetId: string): Promise<SubnetRow> {
  await getVpc(db, projectId, vpcId)
  const subnet = await getSubnet(db, projectId, subnetId)
  if (subnet.vpc_id !== vpcId) throw VpcError.SubnetNotInVpc()
  return subnet
}

export async function updateSubnet(
  projectId: string,
  vpcId: string,
  id: string,
  input: Static<typeof UpdateSubnetBody>['subnet'],
  { db, clock }: AppContext,
) {
  return transaction(db, async (trx) => {
    const row = await subnetOfVpc(trx, projectId, vpcId, id)
    if (row.status !== 'ACTIVE') throw VpcError.SubnetBusy()
    const current = { primary_dns: row.primary_dns, secondary_dns: row.secondary_dns, dnsList: JSON.parse(row.dns_list) }
    const dns = dnsSettings(input, current)
    const changes: Partial<SubnetRow> = {
      updated_at: toStored(clock.now()),
      primary_dns: dns.primary_dns,
      secondary_dns: dns.secondary_dns,
      dns_list: JSON.stringify(dns.dnsList),
    }
    if (input.name !== undefined) changes.name = input.name
    if (input.description !== undefined) changes.description = input.description
    if (input.dhcp_enable !== undefined) changes.dhcp_enable = input.dhcp_enable ? 1 : 0
    if (input.ipv6_enable) throw VpcError.SubnetInvalid('ipv6_enable: linkplane does not implement IPv6 subnets')
    if (input.extra_dhcp_opts !== undefined) changes.extra_dhcp_opts = JSON.stringify(mergeDhcpOptions(row, input.extra_dhcp_opts))
    await trx.updateTable('subnets').set(changes).where('id', '=', id).execute()
    // Huawei's update answers only the id and status.
    return { id: row.id, status: row.status }
  })
}

export async function deleteSubnet(projectId: string, vpcId: string, id: string, { db, lifecycle }: AppContext): Promise<void> {
  await transaction(db, async (trx) => {
    // Holding the subnet's lock, no allocation can slip in between the check and the delete.
    await holdLocks(trx, `subnet:${id}`)
    const row = await subnetOfVpc(trx, projectId, vpcId, id)
    if (row.status === 'UNKNOWN') throw VpcError.SubnetBusy()
    const user = await trx
      .selectFrom('ip_allocations')
      .select(['device_owner', 'device_id'])
      .where('subnet_id', '=', id)
      .where('device_owner', 'not in', SYSTEM_OWNERS)
      .limit(1)
      .executeTakeFirst()
    if (user) throw user.device_id === '' ? VpcError.SubnetHasPrivateIps() : VpcError.SubnetHasPorts(user.device_owner)
    await lifecycle.cancel(trx, id)
    await trx.deleteFrom('ip_allocations').where('subnet_id', '=', id).execute()
    await trx.deleteFrom('subnets').where('id', '=', id).execute()
  })
}

/**
 * The CIDRs of a VPC's subnets, or null when the VPC is not the project's. Other services use it to keep
 * what they add to a VPC (a peering route) clear of its own addresses.
 */
export async function subnetCidrsOfVpc(db: Db, projectId: string, vpcId: string): Promise<string[] | null> {
  const vpc = await db.selectFrom('vpcs').select('id').where('project_id', '=', projectId).where('id', '=', vpcId).executeTakeFirst()
  if (!vpc) return null
  const rows = await db.selectFrom('subnets').select('cidr').where('vpc_id', '=', vpcId).orderBy('cidr_first').execute()
  return rows.map((r) => r.cidr)
}
