/** Cloud Stream's tables, parents first (see VPC_TABLES). */
export const CS_TABLES = ['cs_clusters', 'cs_peerings', 'cs_routes', 'cs_user_quotas'] as const satisfies ReadonlyArray<keyof CsTables>

/** Rows of the Cloud Stream tables (migration 0009-cs). */
export interface CsTables {
  cs_clusters: CsClusterRow
  cs_peerings: CsPeeringRow
  cs_routes: CsRouteRow
  cs_user_quotas: CsUserQuotaRow
}

export interface CsClusterRow {
  /** Integer ids, as Cloud Stream's (allocated from the `cs.last_cluster_id` setting). */
  id: number
  project_id: string
  /** The IAM user who created it: user quotas count their clusters' SPUs. */
  user_id: string
  name: string
  description: string
  maximum_spu_quota: number
  manager_node_spu: string
  sys_enterprise_project_id: string
  status_code: number
  /** The cluster's own VPC and subnet, in the Cloud Stream service's project, not the user's. */
  vpc_id: string
  subnet_id: string
  vpc_cidr: string
  subnet_cidr: string
  subnet_gateway: string
  created_at: string
  updated_at: string
}

/** A VPC peering made through Cloud Stream: the VPC peering row itself lives in `vpc_peerings`. */
export interface CsPeeringRow {
  peering_id: string
  cluster_id: number
  project_id: string
  created_at: string
}

export interface CsRouteRow {
  id: string
  peering_id: string
  destination: string
  created_at: string
}

export interface CsUserQuotaRow {
  user_id: string
  spu_quota: number
  /** JSON array of the cluster ids assigned to the user with UpdateUserQuota. */
  clusters: string
}
