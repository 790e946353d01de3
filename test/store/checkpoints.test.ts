/**
 * SQLite's WAL is checkpointed by a worker thread (store/checkpoints.ts), not inside the commits on the
 * event loop: it is emptied once it has grown past SQLite's usual size, and nothing is lost on the way.
 */
import assert from 'node:assert/strict'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { Checkpoints } from '../../src/store/checkpoints.js'
import { openStore } from '../../src/store/database.js'
import { transaction } from '../../src/store/transaction.js'
import { TEST_ENGINE, temporaryFolder } from '../support/database.js'

const walSize = (file: string) => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0
const LIMIT = 1000 * 4096

describe('WAL checkpoints', { skip: TEST_ENGINE !== 'sqlite' && 'SQLite only' }, () => {
  test('the WAL grows past the limit only until the next use of the database, which empties it first', async () => {
    const file = join(temporaryFolder(), 'checkpoints.db')
    const store = await openStore(file)
    const value = 'x'.repeat(3000)
    let written = 0
    try {
      // The commits only append to the WAL (SQLite would also empty it only partway: PASSIVE, never TRUNCATE).
      while (walSize(file) < LIMIT) {
        await Promise.all(
          Array.from({ length: 50 }, () =>
            transaction(store.db, (trx) =>
              trx
                .insertInto('settings')
                .values({ key: `wal.${written++}`, value })
                .execute(),
            ),
          ),
        )
      }
      assert.ok(walSize(file) >= LIMIT)
      const count = await store.db
        .selectFrom('settings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('key', 'like', 'wal.%')
        .executeTakeFirstOrThrow()
      assert.equal(walSize(file), 0, 'the read waited for the checkpoint, which emptied the WAL')
      assert.equal(Number(count.n), written)
    } finally {
      await store.close()
    }
    const reopened = await openStore(file)
    try {
      const count = await reopened.db
        .selectFrom('settings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('key', 'like', 'wal.%')
        .executeTakeFirstOrThrow()
      assert.equal(Number(count.n), written, 'every write is in the database after closing')
    } finally {
      await reopened.close()
    }
  })

  test('a checkpoint that cannot run is reported to its caller (which lets SQLite checkpoint again), and closing still ends the worker', async () => {
    const nowhere = new Checkpoints(join(temporaryFolder(), 'missing', 'linkplane.db'))
    await assert.rejects(nowhere.run(), /directory does not exist/)
    await new Promise((resolve) => setTimeout(resolve, 100)) // the failed worker has exited by now
    await nowhere.close()
  })
})
