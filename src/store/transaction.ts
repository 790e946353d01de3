import { CompiledQuery } from 'kysely'
import type { Db } from './database.js'
import { engineOf } from './engine.js'
import { isRetryable } from './errors.js'
import { groupCommitOf } from './group-commit.js'

/**
 * Every write that reads before it writes runs in `transaction()`, which several linkplane processes on one
 * PostgreSQL database make safe together with two tools:
 *
 * - constraints, for what can be said in the schema (unique names, one allocation per address, one
 *   connection per subnet, one peering per pair of VPCs): the database refuses the second write;
 * - named locks (store/locks.ts), for the rules that count or compare rows before inserting (subnet overlap,
 *   the credential limit, ESW's instance quota and flavor connection limit, Cloud Stream's SPU quota, free
 *   addresses, a VPC deleted while a subnet is created in it ...): the transaction holds the name of what it
 *   guards, so concurrent ones for the same thing run one after the other, and each reads what the one
 *   before it committed. Unrelated writes do not wait for each other.
 *
 * PostgreSQL runs these transactions at READ COMMITTED, so a statement that waited for a lock reads the
 * latest commits. (SERIALIZABLE would keep the rules without locks, but on small tables its predicate locks
 * make unrelated concurrent writes abort each other, and under load most of the time goes into retries.)
 * A transaction chosen as a deadlock victim runs again, so `work` must do nothing outside the database
 * that cannot be repeated.
 *
 * How a transaction is written is the engine's choice:
 * - SQLite writes one transaction at a time, and its cost is the COMMIT: the writes that arrive together
 *   share one (group-commit.ts), each in a savepoint, each acknowledged after that commit.
 * - PostgreSQL gives each transaction a pooled connection of its own: concurrent transactions run in
 *   parallel and wait only for the locks they share, and each commit is the server's to group. Grouping
 *   them here would make unrelated writes wait for each other, and one deadlock victim roll back a group.
 *
 * Called with a transaction already open, it joins it.
 */
export async function transaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db)
  if (engineOf(db) === 'sqlite') return groupCommitOf(db).run(work)
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work)
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
 *
 * Savepoints nest (a caller awaits the one it opened before opening another), and ROLLBACK TO and RELEASE
 * take the latest savepoint of a name on both engines, so every savepoint has the same name: three SQL texts
 * in all, which SQLite prepares once (sqlite.ts keeps prepared statements by text) instead of three new ones
 * per call.
 */
export async function savepoint<T>(trx: Db, work: () => Promise<T>): Promise<T> {
  await trx.executeQuery(SAVEPOINT)
  try {
    const result = await work()
    await trx.executeQuery(RELEASE_SAVEPOINT)
    return result
  } catch (error) {
    await trx.executeQuery(ROLLBACK_TO_SAVEPOINT)
    await trx.executeQuery(RELEASE_SAVEPOINT)
    throw error
  }
}

const SAVEPOINT = CompiledQuery.raw('savepoint guarded_statement')
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to savepoint guarded_statement')
const RELEASE_SAVEPOINT = CompiledQuery.raw('release savepoint guarded_statement')

/** Retries wait a random pause that doubles with each attempt (2 ms to about 200 ms), so they spread out. */
const MAX_ATTEMPTS = 10

function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(200, 2 ** attempt)
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling))
}
