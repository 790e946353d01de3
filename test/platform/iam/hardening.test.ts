import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { SignatureLockout } from '../../../src/platform/auth/lockout.js'
import { RateLimiter } from '../../../src/platform/rate-limit.js'
import { ConfigError, loadConfig } from '../../../src/config.js'
import { createTestApp } from '../../support/app.js'
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
