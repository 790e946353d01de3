import { SqliteAdapter, sql, type Kysely } from 'kysely'

/**
 * List pages answered from the index and a cache of serialised items (see platform/item-cache.ts): each
 * listed table gets a `revision` that the database itself increments on every UPDATE of a row, whoever
 * writes it and whichever process, and an index that covers a page's ids and revisions in list order. A
 * page's (id, revision) pairs then tell which cached items still hold. A subnet's item also shows how many
 * of its addresses are free, so taking or freeing an address increments the subnet's revision too.
 *
 * Rows written again wholesale (a state import or reset) may come back with revisions they had before;
 * the `lists` generation (store/cache-generations.ts), which such a rewrite moves on, is part of every
 * item's version.
 */
const LISTED = ['subnets', 'esw_connections', 'eg_connections']

/** The covering indexes replace the ordering indexes of 0003, 0004 and 0005 (the same leading columns). */
const ORDER_INDEXES = [
  { table: 'subnets', old: 'subnets_project_order', name: 'subnets_project_page', columns: ['project_id', 'created_at', 'id', 'revision'] },
  {
    table: 'esw_connections',
    old: 'esw_connections_project_order',
    name: 'esw_connections_project_page',
    columns: ['project_id', 'created_at', 'id', 'revision'],
  },
  {
    table: 'esw_connections',
    old: 'esw_connections_instance_order',
    name: 'esw_connections_instance_page',
    columns: ['instance_id', 'created_at', 'id', 'revision'],
  },
  {
    table: 'eg_connections',
    old: 'eg_connections_project_order',
    name: 'eg_connections_project_page',
    columns: ['project_id', 'created_at', 'id', 'revision'],
  },
]

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cache_generations')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .execute()
  await db.insertInto('cache_generations').values({ name: 'lists', generation: 0 }).execute()

  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  if (!sqlite) {
    await sql`create or replace function linkplane_next_revision() returns trigger language plpgsql as $$
      begin new.revision := old.revision + 1; return new; end $$`.execute(db)
  }
  for (const table of LISTED) {
    await db.schema
      .alterTable(table)
      .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    const trigger = sql.id(`${table}_revision`)
    if (sqlite) {
      // SQLite's triggers cannot change NEW: the row is updated once more (this trigger does not fire again,
      // as the WHEN clause no longer holds).
      await sql`create trigger ${trigger} after update on ${sql.table(table)} for each row when new.revision = old.revision
        begin update ${sql.table(table)} set revision = old.revision + 1 where rowid = new.rowid; end`.execute(db)
    } else {
      await sql`create trigger ${trigger} before update on ${sql.table(table)} for each row execute function linkplane_next_revision()`.execute(
        db,
      )
    }
  }
  if (sqlite) {
    await sql`create trigger ip_allocations_insert_subnet_revision after insert on ip_allocations for each row
      begin update subnets set revision = revision + 1 where id = new.subnet_id; end`.execute(db)
    await sql`create trigger ip_allocations_delete_subnet_revision after delete on ip_allocations for each row
      begin update subnets set revision = revision + 1 where id = old.subnet_id; end`.execute(db)
  } else {
    await sql`create or replace function linkplane_subnet_addresses_changed() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          update subnets set revision = revision + 1 where id = old.subnet_id;
        else
          update subnets set revision = revision + 1 where id = new.subnet_id;
        end if;
        return null;
      end $$`.execute(db)
    await sql`create trigger ip_allocations_subnet_revision after insert or delete on ip_allocations for each row
      execute function linkplane_subnet_addresses_changed()`.execute(db)
  }
  for (const index of ORDER_INDEXES) {
    await db.schema.createIndex(index.name).on(index.table).columns(index.columns).execute()
    await db.schema.dropIndex(index.old).execute()
  }
}
