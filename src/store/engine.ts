import { PostgresAdapter, SqliteAdapter } from 'kysely'
import type { Db, Engine } from './database.js'

/** Which SQL engine a Kysely instance talks to, for the few things SQL does not say the same way everywhere. */
export function engineOf(db: Db): Engine {
  const adapter = db.getExecutor().adapter
  if (adapter instanceof SqliteAdapter) return 'sqlite'
  if (adapter instanceof PostgresAdapter) return 'postgres'
  throw new Error(`unsupported database adapter ${adapter.constructor.name}`)
}
