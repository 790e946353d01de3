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
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new Error(`database migration ${failed ?? ''} failed: ${(error as Error).message}`, { cause: error })
  }
}
