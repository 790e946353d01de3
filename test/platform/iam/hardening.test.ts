import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { SignatureLockout } from '../../../src/platform/auth/lockout.js'
import { RateLimiter } from '../../../src/platform/rate-limit.js'
import { ConfigError, loadConfig } from '../../../src/config.js'
import { createTestApp, TEST_CREDENTIALS } from '../../support/app.js'
import { testAppDatabase } from '../../support/database.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase } from '../../support/server-process.js'
import { openStore, type Store } from '../../../src/store/database.js'

/** Two stores on one database: what two linkplane processes sharing it see. */
async function twoProcesses(): Promise<[Store, Store]> {
  const database = await temporaryDatabase()
  const first = await openStore(database)
  return [first, await openStore(database)]
}

describe('failed-signature lockout', () => {
  const t0 = new Date('2025-07-28T08:00:00Z')
  const later = (ms: number) => new Date(t0.getTime() + ms)

  test('5 failures in a row from one address lock for 5 minutes; a success in between resets the count', async () => {
    const store = await openStore(await testAppDatabase())
    try {
      const lockout = new SignatureLockout(store.db)
      for (let i = 0; i < 4; i++) await lockout.failed('AK', '10.0.0.1', t0)
      await lockout.succeeded('AK', '10.0.0.1')
      for (let i = 0; i < 4; i++) await lockout.failed('AK', '10.0.0.1', t0)
      assert.equal(await lockout.isLocked('AK', '10.0.0.1', t0), false, 'the count restarted after the success')
      await lockout.failed('AK', '10.0.0.1', t0)
      assert.equal(await lockout.isLocked('AK', '10.0.0.1', t0), true)
      assert.equal(await lockout.isLocked('OTHER', '10.0.0.1', t0), false)
      assert.equal(await lockout.isLocked('AK', '10.0.0.2', t0), false, 'another address keeps its own count')
      assert.equal(await lockout.isLocked('AK', '10.0.0.1', later(300_000 - 1)), true)
      assert.equal(await lockout.isLocked('AK', '10.0.0.1', later(300_000)), false)
      await lockout.failed('AK', '10.0.0.1', later(300_000))
      assert.equal(await lockout.isLocked('AK', '10.0.0.1', later(300_000)), false, 'a fresh count after the lock ran out')
    } finally {
      await store.close()
    }
  })

  test('the limits are a parameter; 0 failures never locks', async () => {
    const store = await openStore(await testAppDatabase())
    try {
      const strict = new SignatureLockout(store.db, { maxFailures: 2, lockSeconds: 10 })
      await strict.failed('AK', 'a', t0)
      await strict.failed('AK', 'a', t0)
      assert.equal(await strict.isLocked('AK', 'a', later(9_999)), true)
      assert.equal(await strict.isLocked('AK', 'a', later(10_000)), false)
      const off = new SignatureLockout(store.db, { maxFailures: 0, lockSeconds: 300 })
      for (let i = 0; i < 10; i++) await off.failed('AK', 'b', t0)
      assert.equal(await off.isLocked('AK', 'b', t0), false)
    } finally {
      await store.close()
    }
  })

  test('processes on one database share the count and the lock, also for failures arriving at once', async () => {
    const [first, second] = await twoProcesses()
    try {
      const a = new SignatureLockout(first.db)
      const b = new SignatureLockout(second.db)
      await Promise.all([a.failed('AK', 'x', t0), b.failed('AK', 'x', t0), a.failed('AK', 'x', t0), b.failed('AK', 'x', t0)])
      assert.equal(await a.isLocked('AK', 'x', t0), false, 'four failures do not lock')
      await b.failed('AK', 'x', t0)
      assert.equal(await a.isLocked('AK', 'x', t0), true, 'the fifth, counted by the other process, locks it here')
      await a.succeeded('AK', 'y')
      assert.equal(await b.isLocked('AK', 'x', t0), true)
    } finally {
      await first.close()
      await second.close()
    }
  })

  test('failures from another address neither lock nor count against the owner', async () => {
    const store = await openStore(await testAppDatabase())
    try {
      const lockout = new SignatureLockout(store.db)
      for (let i = 0; i < 50; i++) await lockout.failed('AK', '203.0.113.9', t0)
      assert.equal(await lockout.isLocked('AK', '203.0.113.9', t0), true, 'the stranger is locked out')
      assert.equal(await lockout.isLocked('AK', '10.0.0.1', t0), false, 'the owner is not')
      for (let i = 0; i < 4; i++) await lockout.failed('AK', '10.0.0.1', t0)
      assert.equal(await lockout.isLocked('AK', '10.0.0.1', t0), false, "the stranger's failures did not add to the owner's")
    } finally {
      await store.close()
    }
  })

  test('the limits are settings', () => {
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
  test('a token bucket per caller, refilled over time; off at 0', async () => {
    const store = await openStore(await testAppDatabase())
    try {
      const limiter = new RateLimiter(store.db, 2)
      const t0 = new Date('2025-07-28T08:00:00Z')
      const taken = []
      for (const caller of ['a', 'a', 'a', 'b']) taken.push(await limiter.take(caller, t0))
      assert.deepEqual(taken, [true, true, false, true])
      assert.equal(await limiter.take('a', new Date(t0.getTime() + 250)), false, 'half a token is not a token')
      assert.equal(await limiter.take('a', new Date(t0.getTime() + 500)), true, 'a refused request does not cost a token')
      const off = new RateLimiter(store.db, 0)
      for (let i = 0; i < 20; i++) assert.equal(await off.take('a', t0), true)
    } finally {
      await store.close()
    }
  })

  test('processes on one database draw from one bucket', async () => {
    const [first, second] = await twoProcesses()
    try {
      const t0 = new Date('2025-07-28T08:00:00Z')
      const limiters = [new RateLimiter(first.db, 5), new RateLimiter(second.db, 5)]
      const taken = await Promise.all(Array.from({ length: 12 }, (_, i) => limiters[i % 2].take('ak:shared', t0)))
      assert.equal(taken.filter(Boolean).length, 5)
    } finally {
      await first.close()
      await second.close()
    }
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
    const server = await startServer({ database: await temporaryDatabase(), env: { ...SERVER_CREDENTIALS, LINKPLANE_IAM: 'off' } })
    try {
      assert.match(server.output(), /IAM policies are OFF \(LINKPLANE_IAM=off\)/)
    } finally {
      await server.stop()
    }
  })
})
