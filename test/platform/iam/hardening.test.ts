import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { LOCK_MS, SignatureLockout } from '../../../src/platform/auth/lockout.js'
import { RateLimiter } from '../../../src/platform/rate-limit.js'
import { ConfigError, loadConfig } from '../../../src/config.js'
import { createTestApp } from '../../support/app.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase } from '../../support/server-process.js'

describe('failed-signature lockout', () => {
  test('5 failures in a row lock for 5 minutes; a success in between resets the count', () => {
    const lockout = new SignatureLockout()
    const t0 = new Date('2025-07-28T08:00:00Z')
    for (let i = 0; i < 4; i++) lockout.failed('AK', t0)
    lockout.succeeded('AK')
    for (let i = 0; i < 4; i++) lockout.failed('AK', t0)
    assert.equal(lockout.isLocked('AK', t0), false, 'the count restarted after the success')
    lockout.failed('AK', t0)
    assert.equal(lockout.isLocked('AK', t0), true)
    assert.equal(lockout.isLocked('OTHER', t0), false)
    assert.equal(lockout.isLocked('AK', new Date(t0.getTime() + LOCK_MS - 1)), true)
    assert.equal(lockout.isLocked('AK', new Date(t0.getTime() + LOCK_MS)), false)
    lockout.failed('AK', new Date(t0.getTime() + LOCK_MS))
    assert.equal(lockout.isLocked('AK', new Date(t0.getTime() + LOCK_MS)), false, 'a fresh count after the lock ran out')
  })
})

describe('rate limiting', () => {
  test('a token bucket per caller, refilled over time; off at 0', () => {
    const limiter = new RateLimiter(2)
    const t0 = new Date('2025-07-28T08:00:00Z')
    assert.deepEqual(
      [limiter.take('a', t0), limiter.take('a', t0), limiter.take('a', t0), limiter.take('b', t0)],
      [true, true, false, true],
    )
    assert.equal(limiter.take('a', new Date(t0.getTime() + 500)), true)
    const off = new RateLimiter(0)
    assert.ok(Array.from({ length: 100 }, () => off.take('a', t0)).every(Boolean))
  })

  test('over the limit an AK gets 429 APIGW.0308 in the gateway envelope', async () => {
    const lp = await createTestApp({ iam: { mode: 'enforce', rateLimit: 3 } })
    try {
      const statuses = []
      for (let i = 0; i < 5; i++) statuses.push((await lp.call('GET', `/v1/${lp.projectId}/vpcs`)).status)
      assert.deepEqual(statuses.slice(0, 3), [200, 200, 200])
      const throttled = await lp.call('GET', `/v1/${lp.projectId}/vpcs`)
      assert.equal(throttled.status, 429)
      assert.equal(throttled.body.error_code, 'APIGW.0308')
      assert.equal(throttled.body.request_id, throttled.headers['x-request-id'])
    } finally {
      await lp.close()
    }
  })
})

describe('LINKPLANE_IAM', () => {
  test('enforce by default; off or an invalid value', () => {
    assert.deepEqual(loadConfig([], {}).config.iam, { mode: 'enforce', rateLimit: 0 })
    assert.deepEqual(loadConfig(['--rate-limit', '50'], { LINKPLANE_IAM: 'off' }).config.iam, { mode: 'off', rateLimit: 50 })
    assert.throws(() => loadConfig([], { LINKPLANE_IAM: 'maybe' }), ConfigError)
    assert.throws(() => loadConfig([], { LINKPLANE_RATE_LIMIT: '-1' }), ConfigError)
  })

  test('with off, the start-up banner says so', async () => {
    const server = await startServer({ database: temporaryDatabase(), env: { ...SERVER_CREDENTIALS, LINKPLANE_IAM: 'off' } })
    try {
      assert.match(server.output(), /IAM policies are OFF \(LINKPLANE_IAM=off\)/)
    } finally {
      await server.stop()
    }
  })
})
