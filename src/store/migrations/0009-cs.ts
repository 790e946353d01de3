import type { Kysely } from 'kysely'

/** Cloud Stream exclusive clusters, their VPC peerings and routes, and per-user SPU quotas. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cs_clusters')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('maximum_spu_quota', 'integer', (c) => c.notNull())
    .addColumn('manager_node_spu', 'text', (c) => c.notNull())
    .addColumn('sys_enterprise_project_id', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull().references('vpcs.id'))
    .addColumn('subnet_id', 'text', (c) => c.notNull().references('subnets.id'))
    .addColumn('vpc_cidr', 'text', (c) => c.notNull())
    .addColumn('subnet_cidr', 'text', (c) => c.notNull())
    .addColumn('subnet_gateway', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('cs_clusters_project').on('cs_clusters').columns(['project_id', 'id']).execute()
  // Cluster names are unique per project (Cloud Stream refuses a second cluster of the same name).
  await db.schema.createIndex('cs_clusters_project_name').on('cs_clusters').columns(['project_id', 'name']).unique().execute()

  await db.schema
    .createTable('cs_peerings')
    // Deleting the VPC peering from the VPC side (either tenant may) removes it from Cloud Stream's view too.
    .addColumn('peering_id', 'text', (c) => c.primaryKey().references('vpc_peerings.id').onDelete('cascade'))
    .addColumn('cluster_id', 'integer', (c) => c.notNull().references('cs_clusters.id'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('cs_peerings_cluster').on('cs_peerings').columns(['cluster_id', 'created_at']).execute()

  await db.schema
    .createTable('cs_routes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('peering_id', 'text', (c) => c.notNull().references('cs_peerings.peering_id').onDelete('cascade'))
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // One route per destination on a peering.
    .addUniqueConstraint('cs_routes_peering_destination', ['peering_id', 'destination'])
    .execute()

  await db.schema
    .createTable('cs_user_quotas')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('spu_quota', 'integer', (c) => c.notNull())
    .addColumn('clusters', 'text', (c) => c.notNull())
    .execute()

  // Cluster ids count up from 100000 (Huawei's examples show ids of that size); never reused.
  await db.insertInto('settings').values({ key: 'cs.last_cluster_id', value: '99999' }).execute()
}
