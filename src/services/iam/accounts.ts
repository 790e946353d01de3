import { newAccessKey, newHexId, newPassword, newSecretKey } from '../../platform/ids.js'
import { toStored, type Clock } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { hashPassword } from './passwords.js'

/**
 * An account as Huawei Cloud has it: a domain, its project in this region, its administrator (the first
 * user, whose name is the account name) and an AK/SK pair. Any value not given is generated.
 */
export interface AccountSpec {
  name: string
  domainId?: string
  projectId?: string
  user?: string
  password?: string
  accessKey?: string
  secretKey?: string
}

/** Everything needed to use an account; the password and SK are shown only when the account is created. */
export interface AccountSecrets {
  name: string
  domain_id: string
  project_id: string
  user: string
  password: string
  access_key: string
  secret_key: string
}

export async function createAccount(db: Db, clock: Clock, region: string, spec: AccountSpec): Promise<AccountSecrets> {
  const now = toStored(clock.now())
  const account: AccountSecrets = {
    name: spec.name,
    domain_id: spec.domainId ?? newHexId(),
    project_id: spec.projectId ?? newHexId(),
    user: spec.user ?? spec.name,
    password: spec.password ?? newPassword(),
    access_key: spec.accessKey ?? newAccessKey(),
    secret_key: spec.secretKey ?? newSecretKey(),
  }
  const passwordHash = await hashPassword(account.password)
  const userId = newHexId()
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('domains').values({ id: account.domain_id, name: account.name, created_at: now }).execute()
    await trx.insertInto('projects').values({ id: account.project_id, domain_id: account.domain_id, name: region, created_at: now }).execute()
    await trx
      .insertInto('users')
      .values({ id: userId, domain_id: account.domain_id, name: account.user, password_hash: passwordHash, is_admin: 1, enabled: 1, created_at: now, updated_at: now })
      .execute()
    await trx
      .insertInto('access_keys')
      .values({ access_key: account.access_key, user_id: userId, secret_key: account.secret_key, status: 'active', description: 'created with the account', created_at: now })
      .execute()
  })
  return account
}

/** Every account gets a project in the region this server serves (the region can change between starts). */
export async function ensureRegionProjects(db: Db, clock: Clock, region: string): Promise<void> {
  const missing = await db
    .selectFrom('domains')
    .select('id')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('projects').select('projects.id').whereRef('projects.domain_id', '=', 'domains.id').where('projects.name', '=', region))),
    )
    .execute()
  for (const { id } of missing) {
    await db.insertInto('projects').values({ id: newHexId(), domain_id: id, name: region, created_at: toStored(clock.now()) }).execute()
  }
}
