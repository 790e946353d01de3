import Fastify, { type FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import type { AppContext } from './context.js'
import { adminService } from './admin/operations.js'
import { FaultInjector } from './faults/injector.js'
import { faultTargets } from './faults/spec.js'
import { registerConsole } from './console/console-routes.js'
import { createDataPlane } from './dataplane/index.js'
import { Lifecycle } from './lifecycle/lifecycle.js'
import { Metrics } from './metrics/metrics.js'
import { Gatekeeper } from './platform/gatekeeper.js'
import { gatewayServerOptions, installGateway } from './platform/gateway.js'
import { sizeItemCaches } from './platform/item-cache.js'
import { RequestLog } from './platform/request-log.js'
import { registerService } from './platform/routes.js'
import { systemClock, type Clock } from './platform/time.js'
import { ensureBootstrap, type BootstrapCredentials } from './services/iam/bootstrap.js'
import { GrantedPolicies } from './services/iam/grants.js'
import { IdentityStore } from './services/iam/identity.js'
import { services } from './services/index.js'
import { openStore } from './store/database.js'

export interface Linkplane {
  app: FastifyInstance
  context: AppContext
  bootstrap: BootstrapCredentials
}

export interface BuildOptions {
  clock?: Clock
  /** Start the lifecycle engine (default true); in-process tests of one transition may drive it themselves. */
  startLifecycle?: boolean
}

/**
 * Builds a ready linkplane: the store (migrated), the bootstrap account, every service's routes and the
 * lifecycle engine. `app.close()` stops it all: in-flight requests finish, then the database is closed.
 * Tests use `app.inject()` on it; `linkplane serve` calls `app.listen()`.
 */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<Linkplane> {
  const clock = options.clock ?? systemClock
  const app = Fastify({
    logger: { level: config.logLevel },
    logController: new RequestLog(),
    exposeHeadRoutes: false,
    ...gatewayServerOptions,
  })
  const store = await openStore(config.database, { poolSize: config.databasePoolSize })
  if (config.listCacheMegabytes !== undefined) sizeItemCaches(store.db, config.listCacheMegabytes)
  const identity = new IdentityStore(store.db, clock, config.region)
  // The bootstrap account is made (or checked) while the routes are registered: hashing or verifying its
  // password runs on the thread pool, so the two overlap. Nothing is answered before both are done.
  const bootstrapping = ensureBootstrap(store.db, identity, config, clock)
  const lifecycle = new Lifecycle(store.db, store.engine, clock, config.lifecycle.mode, config.lifecycle.scale, app.log)
  const faults = new FaultInjector(store.db, clock, faultTargets(services), app.log, () => lifecycle.reconsider())
  lifecycle.useFaults(faults)
  const catalog = services.flatMap((s) => (s.catalog ? [s.catalog] : []))
  const context: AppContext = {
    config,
    db: store.db,
    store,
    clock,
    identity,
    lifecycle,
    log: app.log,
    catalog,
    policies: new GrantedPolicies(store.db),
    gatekeeper: new Gatekeeper(store.db, config.iam.rateLimit, config.lockout),
    dataplane: createDataPlane(config, app.log),
    faults,
    metrics: new Metrics(store.db, lifecycle),
  }

  installGateway(app)
  context.metrics.install(app)
  await registerConsole(app)
  for (const service of [...services, adminService(services)]) {
    registerService(app, service, context)
    if (service.transitions) lifecycle.register(service.transitions)
    if (service.deadlines) lifecycle.registerDeadlines(service.deadlines)
    if (service.failures) lifecycle.registerFailures(service.failures)
  }
  if (context.dataplane.name !== 'simulated') {
    // A successful write is answered once the kernel holds what it asked for: a deleted connection's
    // tunnel is gone, an accepted peering's veth and routes are in place.
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) await context.dataplane.sync()
      return payload
    })
  }
  app.addHook('onClose', async () => {
    faults.stop()
    await lifecycle.stop()
    await context.dataplane.stop()
    await store.close()
  })
  // Not app.ready() after the rules: on SQLite their query waits for the bootstrap's transaction, which holds
  // the one connection while the password is hashed, and the routes' readying would wait behind it.
  const [bootstrapped, readied] = await Promise.allSettled([bootstrapping, Promise.all([faults.refresh(), app.ready()])])
  if (bootstrapped.status === 'rejected' || readied.status === 'rejected') {
    await app.close() // closes the store too
    throw bootstrapped.status === 'rejected' ? bootstrapped.reason : (readied as PromiseRejectedResult).reason
  }
  const bootstrap = bootstrapped.value
  faults.start()
  if (options.startLifecycle !== false) lifecycle.start(context)
  try {
    await context.dataplane.start(context)
  } catch (error) {
    await app.close()
    throw error
  }
  return { app, context, bootstrap }
}
