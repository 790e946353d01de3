import type { AppContext } from '../context.js'
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

/** One object the data plane realises (or found without a reason to exist), and whether the kernel matches. */
export interface DataPlaneObject {
  /** `namespace`, `bridge`, `vtep`, `vxlan`, `host-port`, `peering` or `device` (something found that is not asked for). */
  kind: string
  /** The resource it realises (`vpc`, `subnet`, `esw-instance`, `esw-connection`, `test-host`, `vpc-peering`, `underlay`); empty when stale. */
  resource_type: string
  resource_id: string
  namespace: string
  device: string
  /** `ok`; `missing` or `different` (to be made); `stale` (to be removed); `conflict` (cannot be made as asked). */
  state: 'ok' | 'missing' | 'different' | 'stale' | 'conflict'
  /** What differs, in words. */
  detail: string
}

export interface DataPlaneReport {
  driver: string
  /** The linux data plane's namespace prefix (empty for the simulated one). */
  prefix: string
  /** True when every object is `ok`. */
  in_sync: boolean
  objects: DataPlaneObject[]
  /** Kernel commands that failed during the last reconciliation. */
  errors: string[]
}

/**
 * The data plane under the API: `simulated` keeps ESW tunnels in the store and computes link status from
 * them; `linux` realises VPCs, subnets, ESW instances and connections, peerings and test hosts in network
 * namespaces and reads link status from the kernel. attach, detach and linkStatus run inside the caller's
 * transaction; the rest outside any.
 */
export interface DataPlane {
  readonly name: 'simulated' | 'linux'
  /** Builds a connection's tunnels; answers the other connections whose link may have changed. */
  attach(db: Db, connectionId: string, tunnels: Tunnel[]): Promise<string[]>
  /** Tears a connection's tunnels down; answers the other connections whose link may have changed. */
  detach(db: Db, connectionId: string): Promise<string[]>
  linkStatus(db: Db, connectionId: string): Promise<LinkStatus>
  /** Starts realising what the database holds (linux: checks its requirements first, then reconciles). */
  start(context: AppContext): Promise<void>
  stop(): Promise<void>
  /** Resolves once the kernel holds what the database asks for now (a write's answer waits for it). */
  sync(): Promise<void>
  /** Compares the kernel with the database, changing nothing. */
  report(): Promise<DataPlaneReport>
  /** Makes the kernel match the database, repairing changes made by hand too; answers the result. */
  reconcile(): Promise<DataPlaneReport>
}
