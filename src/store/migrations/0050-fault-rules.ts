import type { Kysely } from 'kysely'

/**
 * Fault injection rules (`/_linkplane/faults`). Kept in the database so that every process sharing it
 * applies the same rules and counts their hits in one place. The rule itself is JSON (src/faults/spec.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fault_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}
