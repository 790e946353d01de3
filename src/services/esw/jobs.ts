import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { newId } from '../../platform/ids.js'
import { isoSecondsNoZone, toStored, type Clock } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { eswPage } from './paging.js'
import type { Job, ListJobsQuery } from './schemas.js'
import type { EswInstanceRow, EswJobRow } from './tables.js'

/**
 * Instance creation and deletion are jobs (CreateHAInstance, DeleteHAInstance), RUNNING until the lifecycle
 * transition completes them. Jobs stay listed after their instance is gone, as Huawei's example shows.
 */
export async function startJob(db: Db, clock: Clock, name: EswJobRow['name'], instance: EswInstanceRow): Promise<string> {
  const now = toStored(clock.now())
  const id = newId()
  await db
    .insertInto('esw_jobs')
    .values({
      id,
      project_id: instance.project_id,
      name,
      status: 'RUNNING',
      resource_id: instance.id,
      resource_name: instance.name,
      resource_type: 'instance',
      begin_time: now,
      end_time: '',
      fail_reason: '',
      created_at: now,
    })
    .execute()
  return id
}

/** Ends a RUNNING job: COMPLETED, or FAILED with the reason when one is given. */
export async function completeJob(db: Db, clock: Clock, name: EswJobRow['name'], resourceId: string, failReason?: string): Promise<void> {
  await db
    .updateTable('esw_jobs')
    .set({ status: failReason === undefined ? 'COMPLETED' : 'FAILED', fail_reason: failReason ?? '', end_time: toStored(clock.now()) })
    .where('resource_id', '=', resourceId)
    .where('name', '=', name)
    .where('status', '=', 'RUNNING')
    .execute()
}

/**
 * Job times have no zone suffix in Huawei's examples (unlike instance timestamps). `process` (progress,
 * "shown as a percentage", a string in Huawei's definition) is reported only while RUNNING; linkplane does
 * not estimate progress and reports "0%" until done (the format is linkplane's choice: Huawei gives no example).
 */
export function jobView(row: EswJobRow): Static<typeof Job> {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    ...(row.status === 'RUNNING' ? { process: '0%' } : {}),
    begin_time: isoSecondsNoZone(row.begin_time),
    ...(row.end_time ? { end_time: isoSecondsNoZone(row.end_time) } : {}),
    ...(row.status === 'FAILED' ? { fail_reason: row.fail_reason } : {}),
    resource_id: row.resource_id,
    resource_name: row.resource_name,
    resource_type: row.resource_type,
    project_id: row.project_id,
  }
}

/** A resource without jobs (never existed, or not the caller's) answers an empty list, not 404: jobs outlive resources. */
export async function listJobs(projectId: string, resourceId: string, query: Static<typeof ListJobsQuery>, { db }: AppContext) {
  const scope = db.selectFrom('esw_jobs').where('project_id', '=', projectId).where('resource_id', '=', resourceId)
  const { items, page_info } = await eswPage(scope.selectAll(), query, (id) =>
    scope.select(['id', 'created_at']).where('id', '=', id).executeTakeFirst(),
  )
  return { jobs: items.map(jobView), page_info }
}
