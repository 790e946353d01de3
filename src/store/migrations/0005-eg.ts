import type { Kysely } from 'kysely'

/** EventGrid: target connections, the service agencies projects authorise, and quota usage. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('eg_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull())
    .addColumn('subnet_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull())
    // The Kafka or RocketMQ instance ('' for WEBHOOK), a column of its own for the list's instance_id filter.
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('error_info', 'text', (c) => c.notNull())
    .addColumn('endpoint_ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // A name is unique in its project: concurrent creates with one name cannot both commit.
  await db.schema.createIndex('eg_connections_project_name').on('eg_connections').columns(['project_id', 'name']).unique().execute()
  await db.schema.createIndex('eg_connections_project_order').on('eg_connections').columns(['project_id', 'created_at', 'id']).execute()

  await db.schema
    .createTable('eg_service_agencies')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('eg_service_agencies_pk', ['project_id', 'type'])
    .execute()

  await db.schema
    .createTable('eg_quota_usage')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('eg_quota_usage_pk', ['project_id', 'type'])
    .execute()
}
