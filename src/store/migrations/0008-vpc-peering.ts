import { sql, type Kysely } from 'kysely'

/** VPC peerings (`/v2.0/vpc/peerings`), between VPCs of one tenant or of two. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vpc_peerings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('request_project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('request_vpc_id', 'text', (c) => c.notNull().references('vpcs.id'))
    .addColumn('accept_project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('accept_vpc_id', 'text', (c) => c.notNull().references('vpcs.id'))
    // One peering per pair of VPCs, whichever side asked: the database refuses the second.
    .addColumn('vpc_pair', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // A VPC is never peered with itself.
    .addCheckConstraint('vpc_peerings_two_vpcs', sql`request_vpc_id <> accept_vpc_id`)
    .execute()
  await db.schema.createIndex('vpc_peerings_request_order').on('vpc_peerings').columns(['request_project_id', 'created_at', 'id']).execute()
  await db.schema.createIndex('vpc_peerings_accept_order').on('vpc_peerings').columns(['accept_project_id', 'created_at', 'id']).execute()
  await db.schema.createIndex('vpc_peerings_request_vpc').on('vpc_peerings').column('request_vpc_id').execute()
  await db.schema.createIndex('vpc_peerings_accept_vpc').on('vpc_peerings').column('accept_vpc_id').execute()
}
