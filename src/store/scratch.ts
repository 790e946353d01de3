import SQLite from 'better-sqlite3'
import { DEFAULT_MIGRATION_TABLE, Kysely, Migrator, SqliteDialect, type Migration } from 'kysely'
import type { Db } from './database.js'
import { migrations } from './migrations/index.js'

/** Names of the migrations, in the order they apply: the last one names the current schema. */
export const MIGRATION_NAMES = Object.keys(migrations).sort()
export const LATEST_SCHEMA = MIGRATION_NAMES[MIGRATION_NAMES.length - 1]

const migrator = (db: Kysely<any>) =>
  new Migrator({ db, provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations } })

/** The schema a database (or an open transaction) is at: the name of the last migration applied to it. */
export async function schemaVersion(db: Db): Promise<string> {
  const last = await (db as Kysely<any>)
    .selectFrom(DEFAULT_MIGRATION_TABLE)
    .select('name')
    .orderBy('name', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
  return last.name
}

/** Applies the migrations after the database's schema, up to `target` (default: all of them). */
export async function migrateScratch(db: Db, target = LATEST_SCHEMA): Promise<void> {
  const { error } = await migrator(db).migrateTo(target)
  if (error) throw error
}

/**
 * A private in-memory SQLite database at the schema `migration` names: a workbench where rows written for
 * an older schema are carried forward by the migrations themselves, and where a fresh database's rows can
 * be read. Never the server's store, whichever engine that is.
 */
export async function openScratchStore(migration = LATEST_SCHEMA): Promise<{ db: Db; close(): Promise<void> }> {
  const sqlite = new SQLite(':memory:')
  sqlite.pragma('foreign_keys = ON')
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) }) as Db
  try {
    await migrateScratch(db, migration)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return { db, close: () => db.destroy() }
}
