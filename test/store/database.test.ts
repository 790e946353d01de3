import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ConfigError, loadConfig } from '../../src/config.js'
import { engineAt, isUniqueViolation, openStore, type Store } from '../../src/store/database.js'
import { isRetryable, isUnavailable } from '../../src/store/errors.js'
import { savepoint, transaction } from '../../src/store/transaction.js'
import { TEST_ENGINE, testAppDatabase } from '../support/database.js'

describe('choosing the engine', () => {
  test('a postgres:// or postgresql:// URL is PostgreSQL; a path or :memory: is SQLite', () => {
    assert.equal(engineAt('postgres://u@h:5432/db'), 'postgres')
    assert.equal(engineAt('postgresql://h/db?sslmode=require'), 'postgres')
    assert.equal(engineAt('POSTGRES://h/db'), 'postgres')
    for (const location of [':memory:', './data/linkplane.db', '/var/lib/postgres.db', 'postgres.db'])
      assert.equal(engineAt(location), 'sqlite')
  })

  test('LINKPLANE_DATABASE takes the URL; the pool size is a positive integer setting', () => {
    const { config } = loadConfig(['--database', 'postgres://h/db'], { LINKPLANE_DATABASE_POOL_SIZE: '4' })
    assert.deepEqual([config.database, config.databasePoolSize], ['postgres://h/db', 4])
    assert.equal(loadConfig([], {}).config.databasePoolSize, 10)
    for (const bad of ['0', '-1', '2.5', 'many']) assert.throws(() => loadConfig(['--database-pool-size', bad], {}), ConfigError)
  })

  test('what a database error means, on either engine', () => {
    assert.ok(isUniqueViolation({ code: '23505' }) && isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' }))
    assert.ok(isRetryable({ code: '40001' }) && isRetryable({ code: '40P01' }))
    assert.ok(!isRetryable({ code: '23505' }))
    for (const error of [{ code: 'ECONNREFUSED' }, { code: '57P01' }, { code: '08006' }, new Error('Connection terminated unexpectedly')]) {
      assert.ok(isUnavailable(error), JSON.stringify(error))
    }
    assert.ok(!isUnavailable({ code: '23505' }) && !isUnavailable(new Error('syntax error')))
  })
})

describe(`the transaction helper (${TEST_ENGINE})`, () => {
  let store: Store
  before(async () => {
    store = await openStore(await testAppDatabase())
  })
  after(() => store.close())

  // SQLite never refuses a transaction for serialization or a deadlock: it writes one at a time (in groups, see
  // group-commit.test.ts).
  test(
    'a transaction refused for serialization runs again; other errors are thrown at once',
    { skip: TEST_ENGINE !== 'postgres' && 'PostgreSQL only' },
    async () => {
      let attempts = 0
      const result = await transaction(store.db, async (trx) => {
        attempts++
        await trx
          .insertInto('settings')
          .values({ key: `retry.${attempts}`, value: '' })
          .execute()
        if (attempts < 3) throw Object.assign(new Error('could not serialize access'), { code: '40001' })
        return 'done'
      })
      assert.deepEqual([result, attempts], ['done', 3])
      const kept = await store.db.selectFrom('settings').select('key').where('key', 'like', 'retry.%').execute()
      assert.deepEqual(
        kept.map((r) => r.key),
        ['retry.3'],
        'the refused attempts left nothing behind',
      )
      let once = 0
      await assert.rejects(
        transaction(store.db, async () => {
          once++
          throw new Error('not a conflict')
        }),
        /not a conflict/,
      )
      assert.equal(once, 1)
    },
  )

  test('a constraint refusal inside a savepoint leaves the transaction usable (PostgreSQL would abort it)', async () => {
    const answer = await transaction(store.db, async (trx) => {
      await trx.insertInto('settings').values({ key: 'sp.taken', value: 'first' }).execute()
      const refused = await savepoint(trx, () => trx.insertInto('settings').values({ key: 'sp.taken', value: 'second' }).execute()).catch(
        (error) => error,
      )
      assert.ok(isUniqueViolation(refused))
      return (await trx.selectFrom('settings').select('value').where('key', '=', 'sp.taken').executeTakeFirstOrThrow()).value
    })
    assert.equal(answer, 'first')
  })

  test('nested calls join the transaction they are in', async () => {
    await assert.rejects(
      transaction(store.db, async (trx) => {
        await transaction(trx, (inner) => inner.insertInto('settings').values({ key: 'nested', value: '' }).execute())
        throw new Error('roll back everything')
      }),
    )
    assert.equal(await store.db.selectFrom('settings').select('key').where('key', '=', 'nested').executeTakeFirst(), undefined)
  })
})
