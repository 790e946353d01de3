import { Migrator, type Kysely, type Migration } from 'kysely'
import { migrations } from './migrations/index.js'

/**
 * Brings the schema up to date; runs at every start, before anything else touches the database. The same
 * migrations serve both engines. On PostgreSQL, Kysely's migrator holds an advisory lock while it migrates
 * and applies all pending migrations in one transaction, so processes starting together on one database
 * migrate it once: the others wait for the lock, then find nothing left to do.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations },
    // 0012, 0013, 0020 and 0021 were released after 0040 to 0050, which do not depend on them: a database
    // those already migrated gets them now. Migrations still run in the order of their names.
    allowUnorderedMigrations: true,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new Error(`database migration ${failed ?? ''} failed: ${(error as Error).message}`, { cause: error })
  }
}
