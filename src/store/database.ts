import { sql, type Kysely } from 'kysely'
import { migrateToLatest } from './migrate.js'
import type { Database } from './schema.js'
import { sqliteDatabase } from './sqlite.js'

export type Db = Kysely<Database>
export type Engine = 'sqlite' | 'postgres'

/**
 * The one SQL database behind every service: embedded SQLite (a file, or `:memory:`), the default, or
 * PostgreSQL (a `postgres://` URL), which several linkplane processes can share. The same schema,
 * migrations and queries serve both.
 */
export interface Store {
  db: Db
  engine: Engine
  /** Whether the database answers now (a trivial query). */
  reachable(): Promise<boolean>
  close(): Promise<void>
}

export interface StoreOptions {
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number
}

export const DEFAULT_POOL_SIZE = 10

export const engineAt = (location: string): Engine => (/^postgres(ql)?:\/\//i.test(location) ? 'postgres' : 'sqlite')

/** Opens (and migrates) the database at `location`: a SQLite file or `:memory:`, or a PostgreSQL URL. */
export async function openStore(location: string, options: StoreOptions = {}): Promise<Store> {
  const engine = engineAt(location)
  // `pg` is loaded only for PostgreSQL: loading it took 20 ms of every start on SQLite.
  const db =
    engine === 'postgres'
      ? (await import('./postgres.js')).postgresDatabase(location, options.poolSize ?? DEFAULT_POOL_SIZE)
      : sqliteDatabase(location)
  try {
    await migrateToLatest(db)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return {
    db,
    engine,
    reachable: () =>
      sql`select 1`.execute(db).then(
        () => true,
        () => false,
      ),
    close: () => db.destroy(),
  }
}

export { isUniqueViolation } from './errors.js'
