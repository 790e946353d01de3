/** The VPC peering service's tables, parents first (see VPC_TABLES). */
export const VPC_PEERING_TABLES = ['vpc_peerings', 'vpc_routes'] as const satisfies ReadonlyArray<keyof VpcPeeringTables>

/** Rows of the VPC peering tables (migrations 0008-vpc-peering, 0040-vpc-routes). */
export interface VpcPeeringTables {
  vpc_peerings: VpcPeeringRow
  vpc_routes: VpcRouteRow
}

export type PeeringStatus = 'PENDING_ACCEPTANCE' | 'REJECTED' | 'EXPIRED' | 'DELETED' | 'ACTIVE'

export interface VpcPeeringRow {
  id: string
  name: string
  description: string
  status: PeeringStatus
  /** The requesting side: its project (tenant) and VPC. */
  request_project_id: string
  request_vpc_id: string
  /** The accepting side: only this project may accept or reject. */
  accept_project_id: string
  accept_vpc_id: string
  /** The two VPC ids in sorted order, `a|b`: unique, so two VPCs are joined by at most one peering. */
  vpc_pair: string
  created_at: string
  updated_at: string
}

/** A route (`/v2.0/vpc/routes`) in a VPC, through a peering of that VPC: the only route type Huawei has here. */
export interface VpcRouteRow {
  id: string
  /** The project that added it (`tenant_id`), the owner of `vpc_id`. */
  project_id: string
  vpc_id: string
  /** The next hop: the peering (deleting the peering deletes its routes). */
  peering_id: string
  /** An IPv4 CIDR, in its canonical spelling; unique per VPC. */
  destination: string
  created_at: string
}
