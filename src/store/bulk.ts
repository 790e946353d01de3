import { sql, type Transaction } from 'kysely'
import type { Db } from './database.js'
import { engineOf } from './engine.js'
import type { Database } from './schema.js'

/** Rows that point at rows that do not exist, found before a bulk transaction commits. */
export class ForeignKeyViolation extends Error {
  readonly code = 'SQLITE_CONSTRAINT_FOREIGNKEY'
}

/**
 * A transaction that rewrites whole tables (a state import or reset). On SQLite, foreign keys are not
 * enforced row by row inside it, so that a DELETE without WHERE empties a table at once (SQLite's truncate
 * path, which it takes only for tables no enforced foreign key involves); the whole database is checked
 * instead before it commits. The pragma applies outside transactions only, hence the reserved connection,
 * which also keeps every other query out until it is over. PostgreSQL needs none of this (see emptyTables).
 */
export async function bulkTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (engineOf(db) !== 'sqlite') return db.transaction().execute(work)
  return db.connection().execute(async (connection) => {
    await sql`pragma foreign_keys = off`.execute(connection)
    try {
      return await connection.transaction().execute(async (trx) => {
        const result = await work(trx)
        const broken = await sql<{ table: string; parent: string }>`pragma foreign_key_check`.execute(trx)
        if (broken.rows.length > 0) {
          const { table, parent } = broken.rows[0]
          throw new ForeignKeyViolation(
            `FOREIGN KEY constraint failed: ${broken.rows.length} row(s) of ${table} (first) point to no row of ${parent}`,
          )
        }
        return result
      })
    } finally {
      await sql`pragma foreign_keys = on`.execute(connection)
    }
  })
}

/** Empties tables at once: TRUNCATE on PostgreSQL, DELETE without WHERE (inside bulkTransaction) on SQLite. */
export async function emptyTables(db: Db, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return
  if (engineOf(db) === 'postgres') {
    await sql`truncate table ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db)
    return
  }
  for (const table of tables) await sql`delete from ${sql.table(table)}`.execute(db)
}
