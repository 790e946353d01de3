import { sql } from 'kysely'
import type { Db } from './database.js'
import { engineOf } from './engine.js'

export interface LockTables {
  locks: { name: string }
}

/**
 * Makes the caller's transaction the only one holding these names until it ends, across every process on
 * the database: a rule that reads before it writes holds the name of what it guards (`vpc:<id>` while a
 * subnet is placed in the VPC, `esw.instances:<project>` while the quota is counted ...), so concurrent
 * requests for the same thing run one after the other, and each sees what the one before it wrote.
 *
 * Each name is a row written by an upsert: PostgreSQL locks the row until the transaction ends and makes a
 * second holder wait (at READ COMMITTED, its next statements then see the first one's commit). Names are
 * taken in sorted order, so two holders of the same names cannot deadlock (and a deadlock between different
 * calls is retried by the transaction helper).
 *
 * SQLite needs no rows: it runs one write transaction at a time, and each holds the database's write lock
 * from its BEGIN (sqlite.ts), so nothing can change what it read before it commits.
 */
export async function holdLocks(trx: Db, ...names: string[]): Promise<void> {
  if (engineOf(trx) === 'sqlite') return
  for (const name of [...new Set(names)].sort()) {
    await trx
      .insertInto('locks')
      .values({ name })
      .onConflict((oc) => oc.column('name').doUpdateSet({ name: sql`excluded.name` }))
      .execute()
  }
}
