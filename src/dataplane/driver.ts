import type { Db } from '../store/database.js'

/** What a connection's link looks like from the data plane: Huawei's two settled connection statuses. */
export type LinkStatus = 'connected' | 'disconnect'

export interface Tunnel {
  /** The VNI. */
  segmentation_id: number
  /** This side's VTEP: the ESW instance's tunnel IP. */
  local_ip: string
  /** The far side's VTEP. */
  remote_ip: string
  port: number
}

/**
 * The data plane under ESW connections. `simulated` keeps the tunnels in the store and computes link status
 * from them; a `linux` driver (VXLAN devices, veth, network namespaces) can implement the same interface.
 * Every method runs inside the caller's transaction.
 */
export interface DataPlaneDriver {
  readonly name: string
  /** Builds a connection's tunnels; answers the other connections whose link may have changed. */
  attach(db: Db, connectionId: string, tunnels: Tunnel[]): Promise<string[]>
  /** Tears a connection's tunnels down; answers the other connections whose link may have changed. */
  detach(db: Db, connectionId: string): Promise<string[]>
  linkStatus(db: Db, connectionId: string): Promise<LinkStatus>
}
