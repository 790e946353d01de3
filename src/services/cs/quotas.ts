import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import type { Db } from '../../store/database.js'
import { holdLocks } from '../../store/locks.js'
import { transaction } from '../../store/transaction.js'
import { findAccountUser, pageOfAccountUsers } from '../iam/directory.js'
import { CsError } from './errors.js'
import type { ListQuotasQuery, UpdateQuotaBody, UserQuotaInfo } from './schemas.js'

/** A user's SPU quota until it is set with UpdateUserQuota (linkplane's choice; not documented). */
export const DEFAULT_SPU_QUOTA = 400

async function quotaOf(db: Db, userId: string): Promise<{ spu_quota: number; clusters: number[] }> {
  const row = await db.selectFrom('cs_user_quotas').select(['spu_quota', 'clusters']).where('user_id', '=', userId).executeTakeFirst()
  return row ? { spu_quota: row.spu_quota, clusters: JSON.parse(row.clusters) } : { spu_quota: DEFAULT_SPU_QUOTA, clusters: [] }
}

/** SPUs the user's clusters reserve (their maximum_spu_quota), across all of them. */
async function spuUsed(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('cs_clusters')
    .select(({ fn }) => fn.sum<number>('maximum_spu_quota').as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/**
 * Refuses (CS.21006) when `more` SPUs would take the user past the quota. Called inside the write's
 * transaction, it holds the user's quota lock to its end, so concurrent creates, in any process, cannot pass
 * the quota together.
 */
export async function checkUserQuota(db: Db, userId: string, more: number): Promise<void> {
  if (more <= 0) return
  await holdLocks(db, `cs.spu:${userId}`)
  const { spu_quota } = await quotaOf(db, userId)
  if ((await spuUsed(db, userId)) + more > spu_quota) throw CsError.QuotaExceeded(spu_quota)
}

async function quotaView(db: Db, user: { id: string; name: string }): Promise<Static<typeof UserQuotaInfo>> {
  const quota = await quotaOf(db, user.id)
  const own = await db.selectFrom('cs_clusters').select(['id', 'name']).where('user_id', '=', user.id).orderBy('id').execute()
  const assigned = quota.clusters.length
    ? await db.selectFrom('cs_clusters').select(['id', 'name']).where('id', 'in', quota.clusters).orderBy('id').execute()
    : []
  const clusters = [...new Map([...own, ...assigned].map((c) => [c.id, c])).values()].sort((x, y) => x.id - y.id)
  return { user_id: user.id, user_name: user.name, spu_used: await spuUsed(db, user.id), spu_quota: quota.spu_quota, clusters }
}

/** A user of the caller's account, or CS.21007: users of other accounts do not exist for the caller. */
async function accountUser(db: Db, domainId: string, userId: string) {
  const user = await findAccountUser(db, domainId, userId)
  if (!user) throw CsError.UserNotFound(userId)
  return user
}

/** The users of the caller's account with their quotas; cursor paging by user id, like clusters. */
export async function listQuotas(domainId: string, query: Static<typeof ListQuotasQuery>, { db }: AppContext) {
  const descending = (query.order ?? 'desc') === 'desc'
  const forward = query.next ?? true
  const { total, users } = await pageOfAccountUsers(db, domainId, {
    name: query.name,
    from: query.cursor,
    descending: descending === forward,
    limit: query.limit ?? 20,
  })
  if (!forward) users.reverse()
  const views = []
  for (const user of users) views.push(await quotaView(db, user))
  return { total, users: views }
}

export async function showQuota(domainId: string, userId: string, { db }: AppContext) {
  return quotaView(db, await accountUser(db, domainId, userId))
}

/** Sets a user's SPU quota and the clusters (of the caller's project) assigned to them. */
export async function updateQuota(
  domainId: string,
  projectId: string,
  userId: string,
  input: Static<typeof UpdateQuotaBody>,
  { db }: AppContext,
) {
  await transaction(db, async (trx) => {
    await accountUser(trx, domainId, userId)
    const current = await quotaOf(trx, userId)
    const clusters = input.clusters ?? current.clusters
    for (const id of clusters) {
      const found = await trx
        .selectFrom('cs_clusters')
        .select('id')
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .executeTakeFirst()
      if (!found) throw CsError.ClusterNotFound(id)
    }
    const row = { user_id: userId, spu_quota: input.spu_quota ?? current.spu_quota, clusters: JSON.stringify(clusters) }
    await trx
      .insertInto('cs_user_quotas')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ spu_quota: row.spu_quota, clusters: row.clusters }))
      .execute()
  })
}
