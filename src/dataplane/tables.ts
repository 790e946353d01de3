/** The data plane's tables (see VPC_TABLES in services/vpc/tables.ts). */
export const DATAPLANE_TABLES = ['dataplane_tunnels'] as const satisfies ReadonlyArray<keyof DataPlaneTables>

/** Rows of the simulated data plane (migration 0004-esw): the tunnel endpoints it has built. */
export interface DataPlaneTables {
  dataplane_tunnels: DataPlaneTunnelRow
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
