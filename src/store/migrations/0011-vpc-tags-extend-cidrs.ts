import { sql, type Kysely } from 'kysely'

/**
 * What the VPC v3 API and the Terraform provider need beside migration 0003: two VPC settings, secondary
 * CIDRs (v3 `extend_cidrs`) and resource tags of VPCs and subnets. Both tables hang off their resource
 * with ON DELETE CASCADE, so the database removes them with it, whichever service deletes the resource.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('vpcs')
    .addColumn('enhanced_local_route', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .alterTable('vpcs')
    .addColumn('block_service_endpoint_states', 'text', (c) => c.notNull().defaultTo('off'))
    .execute()

  await db.schema
    .createTable('vpc_extend_cidrs')
    .addColumn('vpc_id', 'text', (c) => c.notNull().references('vpcs.id').onDelete('cascade'))
    .addColumn('cidr', 'text', (c) => c.notNull())
    // The block's first and last addresses as numbers, as for subnets.
    .addColumn('cidr_first', 'bigint', (c) => c.notNull())
    .addColumn('cidr_last', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vpc_extend_cidrs_pk', ['vpc_id', 'cidr'])
    .execute()

  // A tag belongs to exactly one VPC or one subnet: one nullable foreign key each, and a check.
  await db.schema
    .createTable('vpc_resource_tags')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('vpc_id', 'text', (c) => c.references('vpcs.id').onDelete('cascade'))
    .addColumn('subnet_id', 'text', (c) => c.references('subnets.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('vpc_resource_tags_one_owner', sql`(vpc_id IS NULL) <> (subnet_id IS NULL)`)
    .execute()
  // One value per key and resource (NULLs are distinct, so each index covers one kind of resource).
  await db.schema.createIndex('vpc_resource_tags_vpc_key').on('vpc_resource_tags').columns(['vpc_id', 'key']).unique().execute()
  await db.schema.createIndex('vpc_resource_tags_subnet_key').on('vpc_resource_tags').columns(['subnet_id', 'key']).unique().execute()
  await db.schema.createIndex('vpc_resource_tags_project').on('vpc_resource_tags').columns(['project_id', 'key']).execute()
}
