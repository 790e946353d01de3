import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import { createRequire } from 'node:module'
import type * as Prometheus from 'prom-client'
import type { Lifecycle } from '../lifecycle/lifecycle.js'
import { routeContext } from '../platform/gateway.js'
import { services } from '../services/index.js'
import type { Db } from '../store/database.js'
import { engineOf } from '../store/engine.js'

/*
 * prom-client's index loads all of it (the process metrics, the push gateway, cluster aggregation): 50 to
 * 100 ms of start-up. Requests need only these four classes; the process metrics load on the first scrape.
 */
const require = createRequire(import.meta.url)
const Registry: typeof Prometheus.Registry = require('prom-client/lib/registry')
const Counter: typeof Prometheus.Counter = require('prom-client/lib/counter')
const Gauge: typeof Prometheus.Gauge = require('prom-client/lib/gauge')
const Histogram: typeof Prometheus.Histogram = require('prom-client/lib/histogram')

/** The process's own metrics (CPU, memory, event loop, GC): one set per process, however many servers it runs. */
let processRegistry: Prometheus.Registry | undefined
function processMetrics(): Prometheus.Registry {
  if (!processRegistry) {
    const collectDefaultMetrics: typeof Prometheus.collectDefaultMetrics = require('prom-client/lib/defaultMetrics')
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry })
  }
  return processRegistry
}

interface RouteMetrics {
  requests: Prometheus.Counter.Internal
  duration: Prometheus.Histogram.Internal<string>
}

/** Requests that matched no route (404s, malformed requests), counted under these labels. */
const UNROUTED = { service: 'gateway', operation: 'none' }

/**
 * What `GET /_linkplane/metrics` reports, in Prometheus' text format: requests and their latency by service,
 * operation and status, authentication failures, the lifecycle queue, resources per service, the database's
 * size, and the process. A request costs two cached counter updates; everything read from the database is
 * read when scraped, not kept up to date.
 */
export class Metrics {
  private readonly registry = new Registry()
  private readonly requests = new Counter({
    name: 'linkplane_requests_total',
    help: 'Requests answered, by service, operation and HTTP status',
    labelNames: ['service', 'operation', 'status'],
    registers: [this.registry],
  })
  private readonly duration = new Histogram({
    name: 'linkplane_request_duration_seconds',
    help: 'Time to answer a request, by service, operation and HTTP status',
    labelNames: ['service', 'operation', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  })
  private readonly authenticationFailures = new Counter({
    name: 'linkplane_authentication_failures_total',
    help: 'Requests refused for their credentials (HTTP 401: bad signature, unknown or locked key, bad token or password), by service',
    labelNames: ['service'],
    registers: [this.registry],
  })
  /** Label children by route (its operation) and status: looked up once, then reused by every request. */
  private readonly byRoute = new WeakMap<object, Map<number, RouteMetrics>>()

  constructor(db: Db, lifecycle: Lifecycle) {
    const registers = [this.registry]
    new Gauge({
      name: 'linkplane_lifecycle_queue_depth',
      help: 'Status transitions waiting to run',
      registers,
      async collect() {
        this.set((await lifecycle.queue()).depth)
      },
    })
    new Gauge({
      name: 'linkplane_lifecycle_task_lag_seconds',
      help: 'How long the most overdue transition has been due (0 when none is)',
      registers,
      async collect() {
        this.set((await lifecycle.queue()).lagSeconds)
      },
    })
    new Gauge({
      name: 'linkplane_resources',
      help: "Rows in each service's tables, by service and table",
      labelNames: ['service', 'table'],
      registers,
      async collect() {
        for (const service of services) {
          for (const table of service.tables ?? []) {
            const row = await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number | string>().as('count'))
              .executeTakeFirstOrThrow()
            this.set({ service: service.name, table }, Number(row.count))
          }
        }
      },
    })
    new Gauge({
      name: 'linkplane_database_size_bytes',
      help: 'Size of the database (SQLite: its pages; PostgreSQL: pg_database_size)',
      registers,
      async collect() {
        this.set(await databaseSize(db))
      },
    })
  }

  /** Counts every answered request (an onResponse hook: it runs after the answer is sent). */
  install(app: FastifyInstance): void {
    app.addHook('onResponse', (request, reply, done) => {
      this.observe(request, reply)
      done()
    })
  }

  private observe(request: FastifyRequest, reply: FastifyReply): void {
    const route = routeContext(request)
    const status = reply.statusCode
    const key = route?.operation ?? UNROUTED
    let statuses = this.byRoute.get(key)
    if (!statuses) this.byRoute.set(key, (statuses = new Map()))
    let metrics = statuses.get(status)
    if (!metrics) {
      const labels = { ...(route ? { service: route.service.name, operation: route.operation.name } : UNROUTED), status: String(status) }
      metrics = { requests: this.requests.labels(labels), duration: this.duration.labels(labels) }
      statuses.set(status, metrics)
    }
    metrics.requests.inc()
    metrics.duration.observe(reply.elapsedTime / 1000)
    if (status === 401) this.authenticationFailures.inc({ service: route?.service.name ?? UNROUTED.service })
  }

  get contentType(): string {
    return this.registry.contentType
  }

  /** The Prometheus text of this server's metrics and the process's. */
  async text(): Promise<string> {
    return Registry.merge([this.registry, processMetrics()]).metrics()
  }
}

async function databaseSize(db: Db): Promise<number> {
  const query =
    engineOf(db) === 'postgres'
      ? sql<{ size: number | string }>`select pg_database_size(current_database()) as size`
      : sql<{ size: number | string }>`select page_count * page_size as size from pragma_page_count(), pragma_page_size()`
  return Number((await query.execute(db)).rows[0].size)
}
