import type { Kysely } from 'kysely'

/** ESW instances, layer-2 connections, vport bindings, jobs, and the simulated data plane's tunnels. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('esw_instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('flavor_ref', 'text', (c) => c.notNull())
    .addColumn('ha_mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('availability_zone_primary', 'text', (c) => c.notNull())
    .addColumn('availability_zone_standby', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull())
    .addColumn('virsubnet_id', 'text', (c) => c.notNull())
    .addColumn('tunnel_ip', 'text', (c) => c.notNull())
    .addColumn('tunnel_port', 'integer', (c) => c.notNull())
    .addColumn('tunnel_type', 'text', (c) => c.notNull())
    .addColumn('charge_mode', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('esw_instances_project_order').on('esw_instances').columns(['project_id', 'created_at', 'id']).execute()
  await db.schema.createIndex('esw_instances_subnet').on('esw_instances').column('virsubnet_id').execute()

  await db.schema
    .createTable('esw_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('instance_id', 'text', (c) => c.notNull().references('esw_instances.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull())
    .addColumn('virsubnet_id', 'text', (c) => c.notNull())
    .addColumn('fixed_ips', 'text', (c) => c.notNull())
    .addColumn('segmentation_id', 'integer', (c) => c.notNull())
    .addColumn('remote_infos', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // A subnet is stretched by one connection at most, and an instance uses a VNI for one connection only:
    // the database guarantees both, whatever runs concurrently.
    .addUniqueConstraint('esw_connections_subnet', ['virsubnet_id'])
    .addUniqueConstraint('esw_connections_instance_vni', ['instance_id', 'segmentation_id'])
    .execute()
  // Keyset paging: all of a project's connections, and one instance's.
  await db.schema.createIndex('esw_connections_project_order').on('esw_connections').columns(['project_id', 'created_at', 'id']).execute()
  await db.schema.createIndex('esw_connections_instance_order').on('esw_connections').columns(['instance_id', 'created_at', 'id']).execute()

  await db.schema
    .createTable('esw_vport_bindings')
    // A port is an allocated address; releasing it (DeletePrivateip) unbinds it.
    .addColumn('port_id', 'text', (c) => c.primaryKey().references('ip_allocations.id').onDelete('cascade'))
    .addColumn('connection_id', 'text', (c) => c.notNull().references('esw_connections.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('esw_vport_bindings_connection').on('esw_vport_bindings').column('connection_id').execute()

  // Jobs outlive their instance (Huawei lists a finished DeleteHAInstance job), so no foreign key.
  await db.schema
    .createTable('esw_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('resource_name', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('begin_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('fail_reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('esw_jobs_resource_order').on('esw_jobs').columns(['resource_id', 'created_at', 'id']).execute()

  await db.schema
    .createTable('dataplane_tunnels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('segmentation_id', 'integer', (c) => c.notNull())
    .addColumn('local_ip', 'text', (c) => c.notNull())
    .addColumn('remote_ip', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .execute()
  // Finding the tunnels that cross one: same VNI, endpoints swapped.
  await db.schema
    .createIndex('dataplane_tunnels_endpoints')
    .on('dataplane_tunnels')
    .columns(['segmentation_id', 'local_ip', 'remote_ip'])
    .execute()
  await db.schema.createIndex('dataplane_tunnels_connection').on('dataplane_tunnels').column('connection_id').execute()
}
