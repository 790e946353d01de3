import { Migrator, sql, type Kysely, type Migration } from 'kysely'
import { engineOf } from './engine.js'
import { migrations } from './migrations/index.js'

/**
 * Brings the schema up to date; runs at every start, before anything else touches the database. The same
 * migrations serve both engines, and all the pending ones are applied in one transaction, so a failed
 * migration leaves the schema as it was. On PostgreSQL, Kysely's migrator does that itself, holding an
 * advisory lock, so processes starting together on one database migrate it once: the others wait for the
 * lock, then find nothing left to do. On SQLite it runs each statement on its own (Kysely does not count on
 * SQLite's transactional DDL); one `BEGIN IMMEDIATE` around it all takes a new database's twenty-odd
 * migrations in one commit instead of a hundred (30-50 ms of a first start down to 10-20 ms).
 */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') return migrate(db)
  await db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection)
    try {
      await migrate(connection)
    } catch (error) {
      await sql`rollback`.execute(connection)
      throw error
    }
    await sql`commit`.execute(connection)
  })
}

async function migrate(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations },
    // 0012, 0013, 0020 and 0021 were released after 0040 to 0050, which do not depend on them: a database
    // those already migrated gets them now. Migrations still run in the order of their names.
    allowUnorderedMigrations: true,
    // Names are ASCII: compared as they are, not with localeCompare (Kysely's default), whose first call
    // loads ICU's collation data (6-13 ms of a start).
    nameComparator: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new Error(`database migration ${failed ?? ''} failed: ${(error as Error).message}`, { cause: error })
  }
}
