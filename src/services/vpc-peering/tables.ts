/** The VPC peering service's tables (see VPC_TABLES). */
export const VPC_PEERING_TABLES = ['vpc_peerings'] as const satisfies ReadonlyArray<keyof VpcPeeringTables>

/** Rows of the VPC peering table (migration 0008-vpc-peering). */
export interface VpcPeeringTables {
  vpc_peerings: VpcPeeringRow
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
