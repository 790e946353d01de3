import { PostgresAdapter, SqliteAdapter } from 'kysely'
import type { Db, Engine } from './database.js'

/**
 * Whether other processes may write the database while this one runs: on PostgreSQL, yes (several processes
 * share it); a SQLite file has one server (the CLI works on it only while the server is stopped). What a
 * process would otherwise have to poll for (transitions others schedule, fault rules others change) it then
 * learns from its own writes.
 */
export const sharedByProcesses = (engine: Engine): boolean => engine === 'postgres'

/** Which SQL engine a Kysely instance talks to, for the few things SQL does not say the same way everywhere. */
export function engineOf(db: Db): Engine {
  const adapter = db.getExecutor().adapter
  if (adapter instanceof SqliteAdapter) return 'sqlite'
  if (adapter instanceof PostgresAdapter) return 'postgres'
  throw new Error(`unsupported database adapter ${adapter.constructor.name}`)
}
