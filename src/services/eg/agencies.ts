import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import { toStored, type Clock } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import type { AgencyType } from './schemas.js'

/**
 * Service agencies: the IAM agencies a project lets EventGrid use, one set per scenario. Creating them is
 * the console's "authorise" step; target connections need TARGET_CONNECTION's. Names follow Huawei's
 * EventGrid user guide (EG_DELEGATE_FG_AGENCY for connections, EG_AGENCY too for RabbitMQ sources);
 * the guide does not name the restore agency, for which linkplane uses the type's own name.
 */
const AGENCY_NAMES: Record<Static<typeof AgencyType>, string[]> = {
  TARGET_CONNECTION: ['EG_DELEGATE_FG_AGENCY'],
  CUSTOM_SOURCE_RABBITMQ: ['EG_DELEGATE_FG_AGENCY', 'EG_AGENCY'],
  EG_RESTORE_AGENCY: ['EG_RESTORE_AGENCY'],
}

/** The agency a target connection acts through, and reports in its `agency` field. */
export const CONNECTION_AGENCY = AGENCY_NAMES.TARGET_CONNECTION[0]

async function authorise(db: Db, clock: Clock, projectId: string, type: Static<typeof AgencyType>): Promise<void> {
  await db
    .insertInto('eg_service_agencies')
    .values({ project_id: projectId, type, created_at: toStored(clock.now()) })
    .onConflict((oc) => oc.columns(['project_id', 'type']).doNothing())
    .execute()
}

/** Authorises a scenario; authorising it again changes nothing and answers the same names. */
export async function createAgencies(projectId: string, type: Static<typeof AgencyType>, { db, clock }: AppContext) {
  await authorise(db, clock, projectId, type)
  return { agencies: AGENCY_NAMES[type] }
}

/**
 * Authorises every scenario for a new project, as the person who owns it would once in Huawei's console
 * (LINKPLANE_EG_AGENCIES=authorise, the default): Terraform has no resource that does it.
 */
export async function authoriseEveryAgency(db: Db, clock: Clock, projectId: string): Promise<void> {
  for (const type of Object.keys(AGENCY_NAMES) as Array<Static<typeof AgencyType>>) await authorise(db, clock, projectId, type)
}

/** The scenario's agency names once authorised, else none. */
export async function listAgencies(projectId: string, type: Static<typeof AgencyType>, { db }: AppContext) {
  return { agencies: (await hasAgency(db, projectId, type)) ? AGENCY_NAMES[type] : [] }
}

export async function hasAgency(db: Db, projectId: string, type: Static<typeof AgencyType>): Promise<boolean> {
  const row = await db
    .selectFrom('eg_service_agencies')
    .select('type')
    .where('project_id', '=', projectId)
    .where('type', '=', type)
    .executeTakeFirst()
  return row !== undefined
}
