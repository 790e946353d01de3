import type { FastifyBaseLogger } from 'fastify'
import type { Config } from './config.js'
import type { DataPlane } from './dataplane/driver.js'
import type { FaultInjector } from './faults/injector.js'
import type { Lifecycle } from './lifecycle/lifecycle.js'
import type { Metrics } from './metrics/metrics.js'
import type { Gatekeeper } from './platform/gatekeeper.js'
import type { PolicySource } from './platform/iam/authorize.js'
import type { Clock } from './platform/time.js'
import type { IdentityStore } from './services/iam/identity.js'
import type { Db, Store } from './store/database.js'

/** What every operation handler and lifecycle transition works with. */
export interface AppContext {
  config: Config
  /** The database, or the open transaction when inside a lifecycle transition. */
  db: Db
  /** The store behind `db`: which engine, and whether it is reachable now. */
  store: Pick<Store, 'engine' | 'reachable'>
  clock: Clock
  identity: IdentityStore
  lifecycle: Lifecycle
  log: FastifyBaseLogger
  /** The services listed in IAM tokens' catalogue. */
  catalog: Array<{ type: string; name: string }>
  /** The IAM policies in force for a caller (fine-grained authorisation). */
  policies: PolicySource
  /** The gateway's defences, shared through the database: the failed-signature lockout and the rate limiter. */
  gatekeeper: Gatekeeper
  /** The data plane under the networks: `simulated`, or `linux` (network namespaces). */
  dataplane: DataPlane
  /** Fault injection rules, applied to requests and lifecycle transitions. */
  faults: FaultInjector
  /** What `GET /_linkplane/metrics` reports. */
  metrics: Metrics
}
