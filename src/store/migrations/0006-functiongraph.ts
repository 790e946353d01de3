import type { Kysely } from 'kysely'

/** FunctionGraph VPC endpoints. Their addresses are rows of ip_allocations (device_id = the endpoint's id). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fgs_vpc_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('vpc_id', 'text', (c) => c.notNull())
    .addColumn('subnet_id', 'text', (c) => c.notNull())
    .addColumn('flavor', 'text', (c) => c.notNull())
    .addColumn('xrole', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // One endpoint per project, VPC and subnet: concurrent creates cannot make two.
    .addUniqueConstraint('fgs_vpc_endpoints_network', ['project_id', 'vpc_id', 'subnet_id'])
    .execute()
}
