import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildApp } from '../../src/app.js'
import { createTestApp, TestApp, testConfig } from '../support/app.js'

/** The value of one sample (`name{labels} value`) in a Prometheus text exposition; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const have = (match[2] ?? '').split(',').filter(Boolean)
    if (wanted.every((w) => have.includes(w))) return Number(match[3])
  }
  return undefined
}

let offset = 0
let lp: TestApp
before(async () => {
  // A clock the test moves on (within the signatures' 15 minutes), so that a transition's lag is known.
  lp = new TestApp(
    await buildApp(testConfig({ lifecycle: { mode: 'manual', scale: 1 } }), { clock: { now: () => new Date(Date.now() + offset) } }),
  )
})
after(() => lp.close())

const scrape = async () => {
  const response = await lp.call('GET', '/_linkplane/metrics', { as: 'anonymous' })
  assert.equal(response.status, 200)
  assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/)
  return response.body as string
}

describe('GET /_linkplane/metrics', () => {
  test('needs no credentials, and reports the process and the database', async () => {
    const text = await scrape()
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ])
      assert.ok(sample(text, name) !== undefined, name)
    assert.ok(sample(text, 'linkplane_database_size_bytes')! > 0)
  })

  test('counts requests and their latency by service, operation and status', async () => {
    const created = await lp.call('POST', `/v1/${lp.projectId}/vpcs`, { body: { vpc: { name: 'counted', cidr: '10.0.0.0/16' } } })
    assert.equal(created.status, 200)
    const missing = await lp.call('GET', `/v1/${lp.projectId}/vpcs/00000000-0000-4000-8000-000000000000`)
    assert.equal(missing.status, 404)
    await lp.call('GET', '/no/such/api', { as: 'anonymous' })
    const text = await scrape()
    const create = { service: 'vpc', operation: 'CreateVpc', status: '200' }
    assert.equal(sample(text, 'linkplane_requests_total', create), 1)
    assert.equal(sample(text, 'linkplane_request_duration_seconds_count', create), 1)
    assert.ok(sample(text, 'linkplane_request_duration_seconds_sum', create)! > 0)
    assert.equal(sample(text, 'linkplane_request_duration_seconds_bucket', { ...create, le: '+Inf' }), 1)
    assert.equal(sample(text, 'linkplane_requests_total', { service: 'vpc', operation: 'ShowVpc', status: '404' }), 1)
    assert.equal(sample(text, 'linkplane_requests_total', { service: 'gateway', operation: 'none', status: '404' }), 1)
  })

  test('counts authentication failures by service', async () => {
    assert.equal((await lp.call('GET', `/v1/${lp.projectId}/vpcs`, { as: 'anonymous' })).status, 401)
    assert.equal(
      (await lp.call('GET', `/v1/${lp.projectId}/vpcs`, { as: { accessKey: 'NOSUCHKEY00000000001', secretKey: 'x'.repeat(40) } })).status,
      401,
    )
    const signIn = await lp.call('POST', '/v3/auth/tokens', {
      as: 'anonymous',
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'tester', password: 'wrong-password', domain: { name: 'tester' } } },
          },
        },
      },
    })
    assert.equal(signIn.status, 401)
    const text = await scrape()
    assert.equal(sample(text, 'linkplane_authentication_failures_total', { service: 'vpc' }), 2)
    assert.equal(sample(text, 'linkplane_authentication_failures_total', { service: 'iam' }), 1)
  })

  test('reports the lifecycle queue and how late its oldest transition is', async () => {
    while ((await lp.advance()).length > 0);
    assert.equal(sample(await scrape(), 'linkplane_lifecycle_queue_depth'), 0)
    assert.equal(sample(await scrape(), 'linkplane_lifecycle_task_lag_seconds'), 0)
    await lp.call('POST', `/v1/${lp.projectId}/vpcs`, { body: { vpc: { name: 'queued', cidr: '10.1.0.0/16' } } })
    const text = await scrape()
    assert.equal(sample(text, 'linkplane_lifecycle_queue_depth'), 1)
    assert.equal(sample(text, 'linkplane_lifecycle_task_lag_seconds'), 0, 'due in 3 s: not late yet')
    offset += 10_000
    const lag = sample(await scrape(), 'linkplane_lifecycle_task_lag_seconds')!
    assert.ok(lag >= 7 && lag < 9, `due 3 s after creation, read 10 s (and a little) after: ${lag}`)
  })

  test('reports how many rows each service holds', async () => {
    const text = await scrape()
    const vpcs = (await lp.call('GET', `/v1/${lp.projectId}/vpcs`)).body.vpcs.length
    assert.equal(sample(text, 'linkplane_resources', { service: 'vpc', table: 'vpcs' }), vpcs)
    assert.equal(sample(text, 'linkplane_resources', { service: 'esw', table: 'esw_instances' }), 0)
    assert.equal(sample(text, 'linkplane_resources', { service: 'iam', table: 'users' }), 1)
  })
})

describe('LINKPLANE_METRICS_TOKEN', () => {
  test('makes the metrics require Authorization: Bearer <token>', async () => {
    const guarded = await createTestApp({ metricsToken: 'scrape-secret' })
    try {
      for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'scrape-secret' }] as Array<Record<string, string>>) {
        const refused = await guarded.call('GET', '/_linkplane/metrics', { as: 'anonymous', headers })
        assert.deepEqual([refused.status, refused.body.error_code], [401, 'APIGW.0301'], JSON.stringify(headers))
      }
      const allowed = await guarded.call('GET', '/_linkplane/metrics', {
        as: 'anonymous',
        headers: { authorization: 'Bearer scrape-secret' },
      })
      assert.equal(allowed.status, 200)
      assert.ok(sample(allowed.body, 'linkplane_authentication_failures_total', { service: 'admin' })! >= 3)
    } finally {
      await guarded.close()
    }
  })
})
