import type { Kysely } from 'kysely'

/** Named locks (store/locks.ts): one row per name, locked by the transactions that hold the name. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .execute()
}
