/** The data plane's tables (see VPC_TABLES in services/vpc/tables.ts). */
export const DATAPLANE_TABLES = ['dataplane_tunnels', 'dataplane_hosts'] as const satisfies ReadonlyArray<keyof DataPlaneTables>

/** Rows of the data plane: the tunnels the simulated one has built (migration 0004-esw), and test hosts. */
export interface DataPlaneTables {
  dataplane_tunnels: DataPlaneTunnelRow
  dataplane_hosts: DataPlaneHostRow
}

/** One VXLAN tunnel of a connection: from the local VTEP to one remote VTEP, on one VNI. */
export interface DataPlaneTunnelRow {
  id: string
  connection_id: string
  segmentation_id: number
  local_ip: string
  remote_ip: string
  port: number
}

/** A test host (migration 0041-dataplane-hosts): a namespace with one address on a subnet's bridge. */
export interface DataPlaneHostRow {
  id: string
  project_id: string
  vpc_id: string
  subnet_id: string
  ip_address: string
  created_at: string
}
