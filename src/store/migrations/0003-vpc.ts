import { sql, type Kysely } from 'kysely'

/** VPCs, subnets, and the addresses allocated in subnets (private IPs and every service's ports). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vpcs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('cidr', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('enterprise_project_id', 'text', (c) => c.notNull())
    .addColumn('routes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // Names are unique per project when not empty (an empty name is allowed any number of times).
  await db.schema
    .createIndex('vpcs_project_name')
    .on('vpcs')
    .columns(['project_id', 'name'])
    .unique()
    .where(sql.ref('name'), '<>', '')
    .execute()
  await db.schema.createIndex('vpcs_project_order').on('vpcs').columns(['project_id', 'created_at', 'id']).execute()

  await db.schema
    .createTable('subnets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('vpc_id', 'text', (c) => c.notNull().references('vpcs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('cidr', 'text', (c) => c.notNull())
    .addColumn('cidr_first', 'bigint', (c) => c.notNull())
    .addColumn('cidr_last', 'bigint', (c) => c.notNull())
    .addColumn('gateway_ip', 'text', (c) => c.notNull())
    .addColumn('dhcp_enable', 'integer', (c) => c.notNull())
    .addColumn('ipv6_enable', 'integer', (c) => c.notNull())
    .addColumn('primary_dns', 'text', (c) => c.notNull())
    .addColumn('secondary_dns', 'text', (c) => c.notNull())
    .addColumn('dns_list', 'text', (c) => c.notNull())
    .addColumn('availability_zone', 'text', (c) => c.notNull())
    .addColumn('extra_dhcp_opts', 'text', (c) => c.notNull())
    .addColumn('neutron_subnet_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('subnets_project_order').on('subnets').columns(['project_id', 'created_at', 'id']).execute()
  await db.schema.createIndex('subnets_vpc_range').on('subnets').columns(['vpc_id', 'cidr_first']).execute()

  await db.schema
    .createTable('ip_allocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('subnet_id', 'text', (c) => c.notNull().references('subnets.id'))
    .addColumn('ip_address', 'text', (c) => c.notNull())
    // The address as a number, so that free addresses are found with an index range scan.
    .addColumn('ip_number', 'bigint', (c) => c.notNull())
    .addColumn('device_owner', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // An address is allocated at most once per subnet: the database, not the code, guarantees it.
    .addUniqueConstraint('ip_allocations_subnet_ip', ['subnet_id', 'ip_number'])
    .execute()
  await db.schema.createIndex('ip_allocations_order').on('ip_allocations').columns(['subnet_id', 'created_at', 'id']).execute()
  await db.schema.createIndex('ip_allocations_device').on('ip_allocations').column('device_id').execute()
}
