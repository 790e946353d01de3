import { SqliteAdapter, sql, type Kysely } from 'kysely'

/**
 * What authentication and IAM evaluation read on every request (keys, users, accounts, projects, groups,
 * policies, grants) is cached by each process (services/iam/identity-cache.ts). The database keeps the
 * `identity` generation (in cache_generations, of 0020) that every change to those tables increments, in
 * the writing transaction, whoever writes and whichever process: a process reads it on each request and
 * drops its cache when it moved, so a deleted key, a changed password or a revoked policy applies to the
 * next request everywhere.
 *
 * Issuing a token (an insert into `tokens`) changes nothing cached and does not count; revoking one does.
 */
const TABLES = ['domains', 'projects', 'users', 'access_keys', 'iam_groups', 'iam_group_members', 'iam_roles', 'iam_grants']

export async function up(db: Kysely<any>): Promise<void> {
  await db.insertInto('cache_generations').values({ name: 'identity', generation: 0 }).execute()

  const events = (table: string) => (table === 'tokens' ? ['update', 'delete'] : ['insert', 'update', 'delete'])
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const table of [...TABLES, 'tokens']) {
      for (const event of events(table)) {
        await sql`create trigger ${sql.id(`${table}_${event}_identity_generation`)} after ${sql.raw(event)} on ${sql.table(table)}
          begin update cache_generations set generation = generation + 1 where name = 'identity'; end`.execute(db)
      }
    }
    return
  }
  await sql`create or replace function linkplane_identity_changed() returns trigger language plpgsql as $$
    begin update cache_generations set generation = generation + 1 where name = 'identity'; return null; end $$`.execute(db)
  for (const table of [...TABLES, 'tokens']) {
    await sql`create trigger ${sql.id(`${table}_identity_generation`)} after ${sql.raw(events(table).join(' or '))} on ${sql.table(table)}
      for each statement execute function linkplane_identity_changed()`.execute(db)
  }
}
