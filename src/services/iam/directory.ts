import { newHexId } from '../../platform/ids.js'
import { toStored, type Clock } from '../../platform/time.js'
import type { Db } from '../../store/database.js'

/**
 * What IAM offers the other services: the users of an account, and accounts that a service owns for
 * itself. The only IAM module they import; the identity tables stay IAM's.
 */

export interface AccountUser {
  id: string
  name: string
}

/** A user of the account; undefined for another account's user or none. */
export function findAccountUser(db: Db, domainId: string, userId: string): Promise<AccountUser | undefined> {
  return db.selectFrom('users').select(['id', 'name']).where('domain_id', '=', domainId).where('id', '=', userId).executeTakeFirst()
}

/**
 * A page of the account's users ordered by id, after the id `from` (in the page's direction), with the
 * number of users matching in all. `name` matches exactly.
 */
export async function pageOfAccountUsers(
  db: Db,
  domainId: string,
  page: { name?: string; from?: string; descending: boolean; limit: number },
): Promise<{ total: number; users: AccountUser[] }> {
  let q = db.selectFrom('users').where('domain_id', '=', domainId)
  if (page.name !== undefined) q = q.where('name', '=', page.name)
  const total = await q.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  let users = q.select(['id', 'name'])
  if (page.from !== undefined) users = users.where('id', page.descending ? '<' : '>', page.from)
  const rows = await users
    .orderBy('id', page.descending ? 'desc' : 'asc')
    .limit(page.limit)
    .execute()
  return { total: Number(total.n), users: rows }
}

/**
 * The project (in `region`) of an account a service keeps for its own resources, created on first use: an
 * account with no users, so nobody signs in to it and it is not listed. Safe when several requests (in
 * several processes) create it at once: the unique name decides, and everyone reads the winner's.
 */
export async function ensureServiceProject(db: Db, clock: Clock, domainName: string, region: string): Promise<string> {
  const now = toStored(clock.now())
  await db
    .insertInto('domains')
    .values({ id: newHexId(), name: domainName, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  const domain = await db.selectFrom('domains').select('id').where('name', '=', domainName).executeTakeFirstOrThrow()
  await db
    .insertInto('projects')
    .values({ id: newHexId(), domain_id: domain.id, name: region, created_at: now })
    .onConflict((oc) => oc.columns(['domain_id', 'name']).doNothing())
    .execute()
  const project = await db
    .selectFrom('projects')
    .select('id')
    .where('domain_id', '=', domain.id)
    .where('name', '=', region)
    .executeTakeFirstOrThrow()
  return project.id
}
