import { sql } from 'kysely'
import type { Db } from './database.js'
import { isRetryable } from './errors.js'

/**
 * Every write that reads before it writes runs in `transaction()`. On PostgreSQL it is SERIALIZABLE: the
 * database itself guarantees that concurrent transactions, in this process or any other on the same
 * database, have the effect of running one at a time. That is what keeps the check-then-insert rules true
 * under concurrency (subnet overlap, the credential limit, ESW's instance quota and flavor connection
 * limit, Cloud Stream's SPU quota, a VPC deleted while a subnet is created in it ...): when two of them would
 * break a rule together, PostgreSQL aborts one (40001), and it runs again here and sees the other's write.
 * SQLite runs one write transaction at a time, which is serializable already (Kysely ignores the setting).
 *
 * `work` may therefore run more than once: it must do nothing outside the database that cannot be
 * repeated. Called with a transaction already open, it joins it (the outermost call owns the retries).
 * A group-commit layer for SQLite would sit here, under the one entry point every write goes through.
 */
export async function transaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db)
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().setIsolationLevel('serializable').execute(work)
    } catch (error) {
      if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error
      await backoff(attempt)
    }
  }
}

/**
 * Runs a statement that may be refused by a constraint so that the transaction survives the refusal: on
 * PostgreSQL a failed statement aborts the whole transaction, so without a savepoint the service could not
 * even read what stood in the way to answer with its own error. Rethrows the statement's error.
 */
export async function savepoint<T>(trx: Db, work: () => Promise<T>): Promise<T> {
  const name = sql.id(`sp_${++savepoints}`)
  await sql`savepoint ${name}`.execute(trx)
  try {
    const result = await work()
    await sql`release savepoint ${name}`.execute(trx)
    return result
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(trx)
    throw error
  }
}

let savepoints = 0

/**
 * Conflicting transactions retry after a random pause that doubles with each attempt (2 ms to about
 * 200 ms), so that a crowd of them spreads out instead of colliding again; PostgreSQL guarantees that one
 * of each conflicting set commits, so every attempt makes progress for someone.
 */
const MAX_ATTEMPTS = 30

function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(200, 2 ** attempt)
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling))
}
