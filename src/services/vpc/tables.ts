import type { Generated, Selectable } from 'kysely'
import type { Revisioned } from '../../platform/item-cache.js'

/** The VPC service's tables, parents first (the state export, import and reset follow this order). */
export const VPC_TABLES = ['vpcs', 'subnets', 'ip_allocations', 'vpc_extend_cidrs', 'vpc_resource_tags'] as const satisfies ReadonlyArray<
  keyof VpcTables
>

/**
 * Rows of the VPC tables (migrations 0003-vpc, 0011-vpc-tags-extend-cidrs; subnets' revision: 0020). JSON
 * columns hold text; booleans are 0/1.
 */
export interface VpcTables {
  vpcs: VpcTable
  subnets: SubnetRow & Revisioned
  ip_allocations: IpAllocationRow
  vpc_extend_cidrs: ExtendCidrRow
  vpc_resource_tags: ResourceTagRow
}

export type VpcRow = Selectable<VpcTable>

export interface VpcTable {
  id: string
  project_id: string
  name: string
  description: string
  cidr: string
  status: 'CREATING' | 'OK' | 'ERROR'
  enterprise_project_id: string
  routes: string
  /** Settings with database defaults (0 and 'off'), so writers that predate them need not name them. */
  enhanced_local_route: Generated<number>
  block_service_endpoint_states: Generated<'on' | 'off'>
  created_at: string
  updated_at: string
}

export interface SubnetRow {
  id: string
  project_id: string
  vpc_id: string
  name: string
  description: string
  cidr: string
  /** The CIDR's network and broadcast addresses as numbers, so overlaps are found through an index. */
  cidr_first: number
  cidr_last: number
  gateway_ip: string
  dhcp_enable: number
  ipv6_enable: number
  primary_dns: string
  secondary_dns: string
  dns_list: string
  availability_zone: string
  extra_dhcp_opts: string
  neutron_subnet_id: string
  status: 'UNKNOWN' | 'ACTIVE' | 'ERROR'
  created_at: string
  updated_at: string
}

export interface IpAllocationRow {
  id: string
  project_id: string
  subnet_id: string
  ip_address: string
  ip_number: number
  /** Who holds the address: '' for a private IP reserved through the API, else the owning service's port type. */
  device_owner: string
  /** The resource holding the address ('' for a plain private IP). */
  device_id: string
  status: 'ACTIVE' | 'DOWN'
  created_at: string
}

/** A secondary CIDR of a VPC (v3 `extend_cidrs`); subnets may lie in it as in the primary CIDR. */
export interface ExtendCidrRow {
  vpc_id: string
  cidr: string
  cidr_first: number
  cidr_last: number
  created_at: string
}

/** A tag of a VPC (`vpc_id` set) or of a subnet (`subnet_id` set). */
export interface ResourceTagRow {
  project_id: string
  vpc_id: string | null
  subnet_id: string | null
  key: string
  value: string
  created_at: string
}
