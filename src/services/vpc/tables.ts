import type { Revisioned } from '../../platform/item-cache.js'

/** Rows of the VPC tables (migration 0003-vpc; subnets' revision: 0020). JSON columns hold text; booleans are 0/1. */
export interface VpcTables {
  vpcs: VpcRow
  subnets: SubnetRow & Revisioned
  ip_allocations: IpAllocationRow
}

export interface VpcRow {
  id: string
  project_id: string
  name: string
  description: string
  cidr: string
  status: 'CREATING' | 'OK' | 'ERROR'
  enterprise_project_id: string
  routes: string
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
