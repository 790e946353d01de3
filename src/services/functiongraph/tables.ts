/** FunctionGraph's tables (see VPC_TABLES). */
export const FUNCTIONGRAPH_TABLES = ['fgs_vpc_endpoints'] as const satisfies ReadonlyArray<keyof FunctionGraphTables>

/** Rows of the FunctionGraph tables (migration 0006-functiongraph). */
export interface FunctionGraphTables {
  fgs_vpc_endpoints: FgsVpcEndpointRow
}

/** A VPC endpoint; Huawei gives it no id: a project has at most one per (VPC, subnet). */
export interface FgsVpcEndpointRow {
  id: string
  project_id: string
  vpc_id: string
  subnet_id: string
  flavor: string
  xrole: string
  /** The endpoint's domain name (`address`). */
  address: string
  created_at: string
}
