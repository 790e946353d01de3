import type { Kysely } from 'kysely'

/**
 * Test hosts of the linux data plane (`/_linkplane/dataplane/hosts`): a namespace on a subnet's bridge,
 * holding one address of the subnet (an `ip_allocations` row, which is what keeps the subnet in use).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dataplane_hosts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull())
    .addColumn('subnet_id', 'text', (c) => c.notNull())
    .addColumn('ip_address', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('dataplane_hosts_order').on('dataplane_hosts').columns(['created_at', 'id']).execute()
}
