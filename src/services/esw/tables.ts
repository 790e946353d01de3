import type { Revisioned } from '../../platform/item-cache.js'

/** ESW's tables, parents first (see VPC_TABLES). */
export const ESW_TABLES = ['esw_instances', 'esw_connections', 'esw_vport_bindings', 'esw_jobs'] as const satisfies ReadonlyArray<
  keyof EswTables
>

/** Rows of the ESW tables (migration 0004-esw; connections' revision: 0020). JSON columns hold text. */
export interface EswTables {
  esw_instances: EswInstanceRow
  esw_connections: EswConnectionRow & Revisioned
  esw_vport_bindings: EswVportBindingRow
  esw_jobs: EswJobRow
}

/**
 * `build` -> `active`; `deleting` (linkplane's name: Huawei documents a deleting state, l2cg.9921, but not
 * its string) -> gone. `failed`, `abnormal` and `frozen` exist in Huawei's enum; nothing here produces them.
 */
export type InstanceStatus = 'build' | 'active' | 'deleting' | 'failed' | 'abnormal' | 'frozen'

export interface EswInstanceRow {
  id: string
  project_id: string
  name: string
  description: string
  region: string
  flavor_ref: string
  ha_mode: string
  status: InstanceStatus
  availability_zone_primary: string
  availability_zone_standby: string
  vpc_id: string
  /** The tunnel subnet, where the instance's VTEP lives. */
  virsubnet_id: string
  tunnel_ip: string
  tunnel_port: number
  tunnel_type: string
  charge_mode: string
  created_at: string
  updated_at: string
}

/** `pending` until the data plane has built the tunnels, then `connected` or `disconnect`. */
export type ConnectionStatus = 'pending' | 'connected' | 'disconnect' | 'failed' | 'abnormal'

export interface EswConnectionRow {
  id: string
  project_id: string
  instance_id: string
  name: string
  vpc_id: string
  /** The layer-2 subnet the connection stretches; one connection per subnet (unique index). */
  virsubnet_id: string
  /** JSON array of the two interface addresses, allocated in the subnet. */
  fixed_ips: string
  /** The VNI all remote endpoints share; one connection per VNI per instance (unique index). */
  segmentation_id: number
  /** JSON array of `{segmentation_id, tunnel_ip, tunnel_port, tunnel_type}`, as answered. */
  remote_infos: string
  status: ConnectionStatus
  created_at: string
  updated_at: string
}

export interface EswVportBindingRow {
  /** A port (an address allocated in the connection's subnet); bound to at most one connection. */
  port_id: string
  connection_id: string
  project_id: string
  created_at: string
}

export interface EswJobRow {
  id: string
  project_id: string
  name: 'CreateHAInstance' | 'DeleteHAInstance'
  status: 'RUNNING' | 'COMPLETED' | 'FAILED'
  resource_id: string
  resource_name: string
  resource_type: 'instance'
  begin_time: string
  /** Empty while RUNNING. */
  end_time: string
  fail_reason: string
  created_at: string
}
