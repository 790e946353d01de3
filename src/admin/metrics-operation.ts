import { createHash, timingSafeEqual } from 'node:crypto'
import { GatewayError } from '../platform/errors.js'
import { defineOperation } from '../platform/operation.js'

const digest = (value: string) => createHash('sha256').update(value).digest()

/**
 * `GET /_linkplane/metrics`, for Prometheus. Open by default, as scrape targets usually are on a private
 * network; with LINKPLANE_METRICS_TOKEN set it takes `Authorization: Bearer <token>` (what Prometheus sends
 * with `authorization: {credentials: ...}`), since a scraper cannot sign requests with an AK/SK.
 */
export const metricsOperation = defineOperation({
  name: 'GetMetrics',
  summary:
    'Request counts and latencies, authentication failures, the lifecycle queue, resources, database size and process metrics, in Prometheus text format',
  method: 'GET',
  path: '/_linkplane/metrics',
  action: null,
  access: 'public',
  response: { status: 200 },
  handler: async ({ headers, setHeader }, { config, metrics }) => {
    if (config.metricsToken !== undefined) {
      // Compared as digests: constant time, whatever the lengths.
      const given = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1] ?? ''
      if (!timingSafeEqual(digest(given), digest(config.metricsToken)))
        throw GatewayError.Unauthorized('GET /_linkplane/metrics needs Authorization: Bearer <LINKPLANE_METRICS_TOKEN>')
    }
    setHeader('content-type', metrics.contentType)
    return metrics.text()
  },
})
