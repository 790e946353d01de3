import { newId } from '../../platform/ids.js'
import { formatIpv4, type Cidr } from '../../platform/net/ipv4.js'
import { toStored, type Clock } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { writeSubnetPorts } from './addresses.js'
import { GATEWAY_OWNER } from './subnets.js'
import type { SubnetRow, VpcRow } from './tables.js'

/**
 * What the VPC service offers the other services (ESW, EventGrid, FunctionGraph, Cloud Stream, VPC
 * peering): finding VPCs and subnets, taking and returning addresses, and networks owned by a service.
 * It is the only VPC module they import; the VPC tables and their invariants (no address handed out twice,
 * no subnets overlapping) stay here. Every function works inside the caller's transaction when given one.
 */

export type { SubnetRow as Subnet, VpcRow as Vpc } from './tables.js'
export { AddressUnavailable, allocateAddresses, releaseAddresses, type AddressProblem, type AllocationRequest } from './addresses.js'
export { checkGateway, subnetCidr, vpcCidr } from './rules.js'
export { subnetCidrsOfVpc } from './subnets.js'

/** A VPC of the project; undefined when it does not exist or is another project's. */
export function findVpc(db: Db, projectId: string, vpcId: string): Promise<VpcRow | undefined> {
  return db.selectFrom('vpcs').selectAll().where('project_id', '=', projectId).where('id', '=', vpcId).executeTakeFirst()
}

/** A subnet of the project; undefined when it does not exist or is another project's. */
export function findSubnet(db: Db, projectId: string, subnetId: string): Promise<SubnetRow | undefined> {
  return db.selectFrom('subnets').selectAll().where('project_id', '=', projectId).where('id', '=', subnetId).executeTakeFirst()
}

/** The project a VPC belongs to, whoever asks (a service reaching a VPC it owns through another account). */
export async function vpcProject(db: Db, vpcId: string): Promise<string | undefined> {
  return (await db.selectFrom('vpcs').select('project_id').where('id', '=', vpcId).executeTakeFirst())?.project_id
}

/** A private IP (an allocated address) of the project, as a port another service may bind. */
export function findAddress(db: Db, projectId: string, addressId: string): Promise<{ id: string; subnet_id: string } | undefined> {
  return db
    .selectFrom('ip_allocations')
    .select(['id', 'subnet_id'])
    .where('project_id', '=', projectId)
    .where('id', '=', addressId)
    .executeTakeFirst()
}

/** The addresses a resource holds, lowest first. */
export async function addressesOf(db: Db, deviceId: string): Promise<string[]> {
  const rows = await db.selectFrom('ip_allocations').select('ip_address').where('device_id', '=', deviceId).orderBy('ip_number').execute()
  return rows.map((r) => r.ip_address)
}

export interface ServiceNetworkSpec {
  /** The service's own project: users never see the network through the VPC API. */
  projectId: string
  name: string
  description: string
  vpcCidr: Cidr
  subnetCidr: Cidr
  gateway: number
}

/**
 * The rows of a ready network (a VPC in OK, one subnet in ACTIVE), not yet written: createServiceNetwork
 * writes them one by one, the state-reset bench in bulk.
 */
export function serviceNetworkRows(spec: ServiceNetworkSpec, now: string): { vpc: VpcRow; subnet: SubnetRow } {
  const vpc: VpcRow = {
    id: newId(),
    project_id: spec.projectId,
    name: spec.name,
    description: spec.description,
    cidr: spec.vpcCidr.text,
    status: 'OK',
    enterprise_project_id: '0',
    routes: '[]',
    enhanced_local_route: 0,
    block_service_endpoint_states: 'off',
    created_at: now,
    updated_at: now,
  }
  const subnet: SubnetRow = {
    id: newId(),
    project_id: spec.projectId,
    vpc_id: vpc.id,
    name: spec.name,
    description: '',
    cidr: spec.subnetCidr.text,
    cidr_first: spec.subnetCidr.first,
    cidr_last: spec.subnetCidr.last,
    gateway_ip: formatIpv4(spec.gateway),
    dhcp_enable: 1,
    ipv6_enable: 0,
    primary_dns: '',
    secondary_dns: '',
    dns_list: '[]',
    availability_zone: '',
    extra_dhcp_opts: '[]',
    neutron_subnet_id: newId(),
    status: 'ACTIVE',
    created_at: now,
    updated_at: now,
  }
  return { vpc, subnet }
}

/**
 * A VPC (OK) and one subnet (ACTIVE, its gateway allocated) that a service creates for a resource of its
 * own (a Cloud Stream cluster's network), ready at once: the service's provisioning covers the wait.
 */
export async function createServiceNetwork(db: Db, clock: Clock, spec: ServiceNetworkSpec): Promise<{ vpcId: string; subnetId: string }> {
  const { vpc, subnet } = serviceNetworkRows(spec, toStored(clock.now()))
  await db.insertInto('vpcs').values(vpc).execute()
  await db.insertInto('subnets').values(subnet).execute()
  await writeSubnetPorts(db, clock, subnet, [{ address: subnet.gateway_ip, deviceOwner: GATEWAY_OWNER }])
  return { vpcId: vpc.id, subnetId: subnet.id }
}

/** Removes a service's network with every address in it (its peerings are removed first by the caller). */
export async function deleteServiceNetwork(db: Db, network: { vpcId: string; subnetId: string }): Promise<void> {
  await db.deleteFrom('ip_allocations').where('subnet_id', '=', network.subnetId).execute()
  await db.deleteFrom('subnets').where('id', '=', network.subnetId).execute()
  await db.deleteFrom('vpcs').where('id', '=', network.vpcId).execute()
}
