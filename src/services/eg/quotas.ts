import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import type { Db } from '../../store/database.js'
import { EgError } from './errors.js'
import type { QuotaType } from './schemas.js'

/**
 * Quotas. Huawei does not publish EventGrid's connection quota; linkplane allows 50 connections per
 * project. Only CONNECTION is counted: asking for another documented type answers an empty list.
 */
export const QUOTAS: Partial<Record<Static<typeof QuotaType>, number>> = { CONNECTION: 50 }

async function used(db: Db, projectId: string, type: string): Promise<number> {
  const row = await db
    .selectFrom('eg_quota_usage')
    .select('used')
    .where('project_id', '=', projectId)
    .where('type', '=', type)
    .executeTakeFirst()
  return Number(row?.used ?? 0)
}

export async function listQuotas(projectId: string, type: Static<typeof QuotaType> | undefined, { db }: AppContext) {
  const types = (Object.keys(QUOTAS) as Array<Static<typeof QuotaType>>).filter((t) => type === undefined || t === type)
  const resources = []
  for (const t of types) {
    const quota = QUOTAS[t]!
    resources.push({ name: t, type: t, quota, used: await used(db, projectId, t), max: quota, min: 0 })
  }
  return { quotas: { resources } }
}

/**
 * Takes one unit of a quota, inside the caller's transaction: a single conditional UPDATE, so concurrent
 * creates cannot both take the last unit on any engine. EG.00514003 when none is left.
 */
export async function takeQuota(db: Db, projectId: string, type: Static<typeof QuotaType>): Promise<void> {
  const quota = QUOTAS[type]!
  await db
    .insertInto('eg_quota_usage')
    .values({ project_id: projectId, type, used: 0 })
    .onConflict((oc) => oc.columns(['project_id', 'type']).doNothing())
    .execute()
  const taken = await db
    .updateTable('eg_quota_usage')
    .set((eb) => ({ used: eb('used', '+', 1) }))
    .where('project_id', '=', projectId)
    .where('type', '=', type)
    .where('used', '<', quota)
    .executeTakeFirst()
  if (taken.numUpdatedRows === 0n) throw EgError.QuotaExceeded(type, quota)
}

/** Gives a unit back (the resource was deleted). */
export async function returnQuota(db: Db, projectId: string, type: Static<typeof QuotaType>): Promise<void> {
  await db
    .updateTable('eg_quota_usage')
    .set((eb) => ({ used: eb('used', '-', 1) }))
    .where('project_id', '=', projectId)
    .where('type', '=', type)
    .where('used', '>', 0)
    .execute()
}
