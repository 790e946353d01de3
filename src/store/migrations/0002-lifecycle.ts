import type { Kysely } from 'kysely'

/** Due status transitions; the reconciler claims a row by deleting it inside the transition's transaction. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lifecycle_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('lifecycle_tasks_due').on('lifecycle_tasks').columns(['due_at', 'id']).execute()
  await db.schema.createIndex('lifecycle_tasks_resource').on('lifecycle_tasks').column('resource_id').execute()
}
