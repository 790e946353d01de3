import type { Kysely } from 'kysely'

/** VPC routes (`/v2.0/vpc/routes`): destinations reached through a peering; they go with their peering. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vpc_routes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('vpc_id', 'text', (c) => c.notNull().references('vpcs.id'))
    .addColumn('peering_id', 'text', (c) => c.notNull().references('vpc_peerings.id').onDelete('cascade'))
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // One route per destination in a VPC, whichever peering it goes through.
    .addUniqueConstraint('vpc_routes_vpc_destination', ['vpc_id', 'destination'])
    .execute()
  await db.schema.createIndex('vpc_routes_project_order').on('vpc_routes').columns(['project_id', 'created_at', 'id']).execute()
  await db.schema.createIndex('vpc_routes_peering').on('vpc_routes').column('peering_id').execute()
}
