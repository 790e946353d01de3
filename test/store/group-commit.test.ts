/**
 * The write path under concurrent writes (store/transaction.ts, store/group-commit.ts). The semantics hold on
 * both engines: each write committed once, a failing one rolled back alone, nested calls joining. On SQLite
 * the writes that arrive together share one transaction and one COMMIT, so the tests below also check what
 * grouping must not change: nobody is answered before the COMMIT that holds their write, nobody reads
 * another member's uncommitted write, and a failed COMMIT fails every member.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { openStore, type Db, type Store } from '../../src/store/database.js'
import { isUniqueViolation } from '../../src/store/errors.js'
import { holdLocks } from '../../src/store/locks.js'
import { transaction } from '../../src/store/transaction.js'
import { TEST_ENGINE, temporaryDatabase } from '../support/database.js'

const SQLITE_ONLY = { skip: TEST_ENGINE !== 'sqlite' && 'SQLite only: PostgreSQL gives each transaction its own connection and commit' }

let location: string
let store: Store
let db: Db
before(async () => {
  location = await temporaryDatabase()
  store = await openStore(location)
  db = store.db
})
after(() => store.close())

let keys = 0
/** A key no other test uses. */
const newKey = (prefix: string) => `${prefix}.${++keys}`

const insert = (trx: Db, key: string, value = '') => trx.insertInto('settings').values({ key, value }).execute()
const valuesOf = async (prefix: string) =>
  (await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', `${prefix}.%`).orderBy('key').execute()).map((r) => r.key)

/** A promise and the function that resolves it. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

/** Lets the event loop run for a while, long enough for any pending group to have committed. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

/** Whether a promise has settled yet. */
function watch(promise: Promise<unknown>) {
  const state = { settled: false }
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  )
  return state
}

describe(`concurrent writes through transaction() (${TEST_ENGINE})`, () => {
  test('every one of 250 concurrent writes is committed once and visible after; each reads what the ones before it wrote', async () => {
    const counter = newKey('counter')
    await insert(db, counter, '0')
    const writes = Array.from({ length: 250 }, (_, i) =>
      transaction(db, async (trx) => {
        await insert(trx, `burst.${String(i).padStart(3, '0')}`)
        // Read, then write, holding the counter's lock as every rule that reads before it writes does: on
        // SQLite the lock needs no row (members run one after another), on PostgreSQL concurrent ones queue.
        await holdLocks(trx, counter)
        const { value } = await trx.selectFrom('settings').select('value').where('key', '=', counter).executeTakeFirstOrThrow()
        await trx
          .updateTable('settings')
          .set({ value: String(Number(value) + 1) })
          .where('key', '=', counter)
          .execute()
        return i
      }),
    )
    assert.deepEqual(
      await Promise.all(writes),
      Array.from({ length: 250 }, (_, i) => i),
    )
    assert.equal((await valuesOf('burst')).length, 250)
    assert.equal((await db.selectFrom('settings').select('value').where('key', '=', counter).executeTakeFirstOrThrow()).value, '250')
  })

  test('a member that throws is rejected with its error and leaves nothing behind; the others are kept', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        transaction(db, async (trx) => {
          await insert(trx, `isolated.${String(i).padStart(2, '0')}`)
          if (i === 7) throw new Error('member 7 refuses')
          // A constraint refusal that the work does not catch: the statement fails, the work throws.
          if (i === 12) await insert(trx, 'isolated.03')
          return i
        }),
      ),
    )
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 18)
    assert.match(String((outcomes[7] as PromiseRejectedResult).reason), /member 7 refuses/)
    assert.ok(isUniqueViolation((outcomes[12] as PromiseRejectedResult).reason))
    const kept = await valuesOf('isolated')
    assert.equal(kept.length, 18)
    assert.ok(!kept.includes('isolated.07') && !kept.includes('isolated.12'), 'the failed members wrote nothing')
  })

  test('a nested transaction() inside a member joins it: its writes stand or fall with the member', async () => {
    const outer = newKey('nested')
    const failing = newKey('nested')
    const seen: Db[] = []
    const [kept, refused] = await Promise.allSettled([
      transaction(db, async (trx) => {
        await transaction(trx, async (inner) => {
          seen.push(inner)
          await insert(inner, `${outer}.inner`)
        })
        seen.push(trx)
        await insert(trx, outer)
      }),
      transaction(db, async (trx) => {
        await transaction(trx, (inner) => insert(inner, `${failing}.inner`))
        throw new Error('roll back the member and what it nested')
      }),
    ])
    assert.equal(kept.status, 'fulfilled')
    assert.equal(refused.status, 'rejected')
    assert.equal(seen[0], seen[1], 'the nested call ran in the member’s own transaction')
    assert.deepEqual(await valuesOf(outer.split('.')[0]), [outer, `${outer}.inner`])
  })
})

describe('group commit on SQLite', SQLITE_ONLY, () => {
  test('writes that arrive together share one transaction; a burst is split into bounded groups', async () => {
    const transactions: Db[] = []
    await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        transaction(db, async (trx) => {
          transactions.push(trx)
          await insert(trx, newKey(`grouped${i}`))
        }),
      ),
    )
    const sizes = [...new Set(transactions)].map((trx) => transactions.filter((t) => t === trx).length)
    assert.ok(sizes.length >= 3, `250 writes in ${sizes.length} groups`)
    assert.ok(
      sizes.every((size) => size <= 100),
      `group sizes ${sizes}`,
    )
    assert.ok(sizes[0] > 1, 'the writes that arrived in one turn were grouped')
  })

  test('a member is answered only after the COMMIT that holds its write; reads outside wait for it', async () => {
    // A second connection to the same file sees only what is committed.
    const other = new SQLite(location, { readonly: true })
    const committed = (key: string) => other.prepare('select count(*) as n from settings where key = ?').get(key) as { n: number }
    try {
      const early = newKey('ack')
      const open = gate()
      const held = gate()
      let seenAtAnswer: number | undefined
      const first = transaction(db, (trx) => insert(trx, early)).then(() => {
        seenAtAnswer = committed(early).n
      })
      // The second member of the same group holds the group open (and so its COMMIT).
      const second = transaction(db, async (trx) => {
        await insert(trx, newKey('ack'))
        open.open()
        await held.opened
      })
      const firstState = watch(first)
      await open.opened
      const read = db.selectFrom('settings').select('key').where('key', '=', early).execute()
      const readState = watch(read)
      await settle()
      assert.equal(firstState.settled, false, 'the first member was answered before its COMMIT')
      assert.equal(committed(early).n, 0, 'the write is not committed yet')
      assert.equal(readState.settled, false, 'a read outside the group ran while the group was open')
      held.open()
      await Promise.all([first, second])
      assert.equal(seenAtAnswer, 1, 'when the member was answered, its write was committed')
      assert.deepEqual(await read, [{ key: early }], 'the read waited for the commit and sees it')
    } finally {
      other.close()
    }
  })

  test('a COMMIT that fails rejects every member of the group, and none of their writes is kept', async () => {
    // A deferred foreign key is checked at COMMIT: one member's dangling row makes the whole COMMIT fail.
    await sql`create table gc_parents (id text primary key)`.execute(db)
    await sql`create table gc_children (id text primary key, parent text references gc_parents (id) deferrable initially deferred)`.execute(
      db,
    )
    const innocent = newKey('doomed')
    const outcomes = await Promise.allSettled([
      transaction(db, (trx) => insert(trx, innocent)),
      transaction(db, (trx) => sql`insert into gc_children (id, parent) values ('orphan', 'nobody')`.execute(trx)),
      transaction(db, (trx) => insert(trx, newKey('doomed'))),
    ])
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['rejected', 'rejected', 'rejected'],
    )
    for (const outcome of outcomes) assert.match(String((outcome as PromiseRejectedResult).reason), /FOREIGN KEY constraint failed/)
    assert.deepEqual(await valuesOf('doomed'), [])
    assert.deepEqual((await sql`select count(*) as n from gc_children`.execute(db)).rows, [{ n: 0 }])
    // The next group is a new transaction, unharmed.
    const after = newKey('after')
    await transaction(db, (trx) => insert(trx, after))
    assert.deepEqual(await valuesOf('after'), [after])
  })

  test('when SQLite loses the transaction in a member, the members before it are rejected too', async () => {
    const before = newKey('lost')
    const outcomes = await Promise.allSettled([
      transaction(db, (trx) => insert(trx, before)),
      // Ends the group's transaction behind its back, as SQLite does on an I/O error or a full disk.
      transaction(db, async (trx) => {
        await sql`rollback`.execute(trx)
        throw new Error('disk I/O error')
      }),
    ])
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['rejected', 'rejected'],
    )
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /disk I\/O error/)
    assert.deepEqual(await valuesOf('lost'), [])
    const after = newKey('resumed')
    await transaction(db, (trx) => insert(trx, after))
    assert.deepEqual(await valuesOf('resumed'), [after])
  })
})
