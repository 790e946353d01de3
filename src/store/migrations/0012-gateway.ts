import type { Kysely } from 'kysely'

/** The gateway's shared state: failed-signature counts and locks, and rate-limit buckets. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('signature_failures')
    .addColumn('access_key', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'bigint', (c) => c.notNull())
    .addColumn('last_failure', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('signature_failures_pk', ['access_key', 'address'])
    .execute()
  await db.schema.createIndex('signature_failures_last').on('signature_failures').column('last_failure').execute()

  await db.schema
    .createTable('rate_limit_buckets')
    .addColumn('caller', 'text', (c) => c.primaryKey())
    .addColumn('tokens', 'double precision', (c) => c.notNull())
    .addColumn('refilled_at', 'bigint', (c) => c.notNull())
    .addColumn('granted', 'integer', (c) => c.notNull())
    .execute()
}
