import type { Kysely } from 'kysely'

/**
 * What fine-grained IAM needs beside the identity tables: users' details, user groups and their members,
 * custom policies (roles), and grants of policies to groups on a project or on the whole account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Kept beside `users` rather than in it: authentication reads `users` on every request and needs none of this.
  await db.schema
    .createTable('iam_user_details')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('areacode', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('iam_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('domain_id', 'text', (c) => c.notNull().references('domains.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('iam_groups_domain_name', ['domain_id', 'name'])
    .execute()

  await db.schema
    .createTable('iam_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('iam_groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('iam_group_members_pk', ['group_id', 'user_id'])
    .execute()
  await db.schema.createIndex('iam_group_members_user').on('iam_group_members').column('user_id').execute()

  await db.schema
    .createTable('iam_roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('domain_id', 'text', (c) => c.notNull().references('domains.id'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('description_cn', 'text')
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('iam_roles_domain_display_name', ['domain_id', 'display_name'])
    .execute()

  // role_id names a custom policy (iam_roles) or a system policy (defined in code), hence no foreign key.
  await db.schema
    .createTable('iam_grants')
    .addColumn('group_id', 'text', (c) => c.notNull().references('iam_groups.id').onDelete('cascade'))
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_grants_pk', ['group_id', 'scope_type', 'scope_id', 'role_id'])
    .execute()
  await db.schema.createIndex('iam_grants_role').on('iam_grants').column('role_id').execute()
}
