import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { SignatureLockout } from '../../../src/platform/auth/lockout.js'
import { RateLimiter } from '../../../src/platform/rate-limit.js'
import { ConfigError, loadConfig } from '../../../src/config.js'
import { createTestApp, TEST_CREDENTIALS } from '../../support/app.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase } from '../../support/server-process.js'

describe('failed-signature lockout', () => {
  const t0 = new Date('2025-07-28T08:00:00Z')
  const later = (ms: number) => new Date(t0.getTime() + ms)

  test('5 failures in a row from one address lock for 5 minutes; a success in between resets the count', () => {
    const lockout = new SignatureLockout()
    for (let i = 0; i < 4; i++) lockout.failed('AK', '10.0.0.1', t0)
    lockout.succeeded('AK', '10.0.0.1')
    for (let i = 0; i < 4; i++) lockout.failed('AK', '10.0.0.1', t0)
    assert.equal(lockout.isLocked('AK', '10.0.0.1', t0), false, 'the count restarted after the success')
    lockout.failed('AK', '10.0.0.1', t0)
    assert.equal(lockout.isLocked('AK', '10.0.0.1', t0), true)
    assert.equal(lockout.isLocked('OTHER', '10.0.0.1', t0), false)
    assert.equal(lockout.isLocked('AK', '10.0.0.1', later(300_000 - 1)), true)
    assert.equal(lockout.isLocked('AK', '10.0.0.1', later(300_000)), false)
    lockout.failed('AK', '10.0.0.1', later(300_000))
    assert.equal(lockout.isLocked('AK', '10.0.0.1', later(300_000)), false, 'a fresh count after the lock ran out')
  })

  test('failures from another address neither lock nor count against the owner', () => {
    const lockout = new SignatureLockout()
    for (let i = 0; i < 50; i++) lockout.failed('AK', '203.0.113.9', t0)
    assert.equal(lockout.isLocked('AK', '203.0.113.9', t0), true, 'the stranger is locked out')
    assert.equal(lockout.isLocked('AK', '10.0.0.1', t0), false, 'the owner is not')
    for (let i = 0; i < 4; i++) lockout.failed('AK', '10.0.0.1', t0)
    assert.equal(lockout.isLocked('AK', '10.0.0.1', t0), false, "the stranger's failures did not add to the owner's")
  })

  test('the limits are settings; 0 failures turns the lockout off', () => {
    const strict = new SignatureLockout({ maxFailures: 2, lockSeconds: 10 })
    strict.failed('AK', 'a', t0)
    strict.failed('AK', 'a', t0)
    assert.equal(strict.isLocked('AK', 'a', later(9_999)), true)
    assert.equal(strict.isLocked('AK', 'a', later(10_000)), false)
    const off = new SignatureLockout({ maxFailures: 0, lockSeconds: 300 })
    for (let i = 0; i < 100; i++) off.failed('AK', 'a', t0)
    assert.equal(off.isLocked('AK', 'a', t0), false)
    assert.deepEqual(loadConfig([], {}).config.lockout, { maxFailures: 5, lockSeconds: 300 })
    assert.deepEqual(loadConfig(['--lockout-failures', '3'], { LINKPLANE_LOCKOUT_SECONDS: '60' }).config.lockout, {
      maxFailures: 3,
      lockSeconds: 60,
    })
    assert.throws(() => loadConfig([], { LINKPLANE_LOCKOUT_FAILURES: '-1' }), ConfigError)
    assert.throws(() => loadConfig([], { LINKPLANE_LOCKOUT_SECONDS: '0' }), ConfigError)
  })

  test('through the gateway: a stranger with the AK locks only itself; the owner keeps working', async () => {
    const lp = await createTestApp({ lockout: { maxFailures: 3, lockSeconds: 60 } })
    try {
      const path = `/v1/${lp.projectId}/vpcs`
      const forged = { accessKey: TEST_CREDENTIALS.accessKey, secretKey: 'not-the-secret-key-at-all', projectId: lp.projectId }
      for (let i = 0; i < 3; i++) {
        const failed = await lp.call('GET', path, { as: forged, remoteAddress: '198.51.100.7' })
        assert.equal(failed.status, 401)
        assert.match(failed.body.error_msg, /verify aksk signature fail/)
      }
      const stranger = await lp.call('GET', path, { remoteAddress: '198.51.100.7' })
      assert.equal(stranger.status, 401, 'even a good signature from the locked address is refused')
      assert.equal(stranger.body.error_code, 'APIGW.0301')
      assert.match(stranger.body.error_msg, /locked from this address for 1 minutes after 3 failed signatures/)
      assert.equal((await lp.call('GET', path, { remoteAddress: '192.0.2.10' })).status, 200, 'the owner is not locked out')
    } finally {
      await lp.close()
    }
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
