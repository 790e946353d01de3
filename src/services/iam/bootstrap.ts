import type { Config } from '../../config.js'
import { toStored, type Clock } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { holdLocks } from '../../store/locks.js'
import { insertSetting, readSetting, settingRows } from '../../store/settings.js'
import { transaction } from '../../store/transaction.js'
import {
  AccountRefused,
  applyAccountsFile,
  createAccount,
  ensureRegionProjects,
  provisionProject,
  type AccountSecrets,
  type AccountSettings,
} from './accounts.js'
import type { IdentityStore } from './identity.js'
import { hashPassword, verifyPassword } from './passwords.js'

const BOOTSTRAP_USER = 'bootstrap_user_id'
const DEFAULT_ACCOUNT_NAME = 'linkplane'

/** The bootstrap account as the start-up banner and `linkplane credentials` show it. */
export interface BootstrapCredentials {
  created: boolean
  accountName: string
  domainId: string
  projectId: string
  region: string
  user: string
  accessKey: string
  secretKey: string
  /** Known only when it was just generated or given in the configuration: only its hash is stored. */
  password: string | null
  /** Accounts the accounts file (LINKPLANE_ACCOUNTS_FILE) created on this start, secrets included: shown once. */
  accountsCreated: AccountSecrets[]
}

export class BootstrapError extends Error {}

/**
 * Makes sure the server's bootstrap account exists: created from the configuration (generating whatever
 * is unset) on first start, read back on later starts. Values given in the configuration on a later start
 * are applied (a new AK/SK pair, a new password); ids cannot change once resources may hang off them.
 *
 * All of it is one transaction holding the `iam.bootstrap` lock (store/locks.ts), so processes starting together on one
 * database create the account (and the accounts file's) once: the others wait, then find them.
 */
export async function ensureBootstrap(db: Db, identity: IdentityStore, config: Config, clock: Clock): Promise<BootstrapCredentials> {
  return transaction(db, async (trx) => {
    await holdLocks(trx, 'iam.bootstrap')
    const bootstrap = await ensureBootstrapAccount(trx, identity, config, clock)
    if (!config.accountsFile) return { ...bootstrap, accountsCreated: [] }
    try {
      // After the bootstrap account, so that it stays the first account however the file changes.
      return { ...bootstrap, accountsCreated: await applyAccountsFile(trx, clock, config, config.accountsFile) }
    } catch (error) {
      throw error instanceof AccountRefused ? new BootstrapError(error.message) : error
    }
  })
}

async function ensureBootstrapAccount(
  db: Db,
  identity: IdentityStore,
  config: Config,
  clock: Clock,
): Promise<Omit<BootstrapCredentials, 'accountsCreated'>> {
  const wanted = config.bootstrap
  await ensureRegionProjects(db, clock, config)
  const stored = await readSetting(db, BOOTSTRAP_USER)

  if (!stored) {
    const account = await createAccount(db, clock, config, {
      name: wanted.user ?? DEFAULT_ACCOUNT_NAME,
      domainId: wanted.domainId,
      projectId: wanted.projectId,
      password: wanted.password,
      accessKey: wanted.accessKey,
      secretKey: wanted.secretKey,
    })
    const user = await db.selectFrom('users').select('id').where('domain_id', '=', account.domain_id).executeTakeFirstOrThrow()
    await insertSetting(db, BOOTSTRAP_USER, user.id)
    identity.bootstrapUserId = user.id
    return {
      created: true,
      accountName: account.name,
      domainId: account.domain_id,
      projectId: account.project_id,
      region: config.region,
      user: account.user,
      accessKey: account.access_key,
      secretKey: account.secret_key,
      password: account.password,
    }
  }

  const user = await db
    .selectFrom('users as u')
    .innerJoin('domains as d', 'd.id', 'u.domain_id')
    .select(['u.id', 'u.name', 'u.password_hash', 'd.id as domain_id', 'd.name as domain_name'])
    .where('u.id', '=', stored)
    .executeTakeFirstOrThrow()
  identity.bootstrapUserId = user.id
  // Read in this transaction (not through `identity`, whose queries would wait for it on SQLite's one connection).
  const project = await regionProject(db, user.domain_id, config.region)
  if (!project) throw new BootstrapError(`the bootstrap account has no project in ${config.region}`)
  const mismatch = await bootstrapMismatch(db, config)
  if (mismatch) throw new BootstrapError(mismatch)

  const now = toStored(clock.now())
  if (wanted.accessKey && wanted.secretKey) {
    const key = await db
      .selectFrom('access_keys')
      .select(['user_id', 'secret_key'])
      .where('access_key', '=', wanted.accessKey)
      .executeTakeFirst()
    if (!key) {
      await db
        .insertInto('access_keys')
        .values({
          access_key: wanted.accessKey,
          user_id: user.id,
          secret_key: wanted.secretKey,
          status: 'active',
          description: 'from the configuration',
          created_at: now,
        })
        .execute()
    } else if (key.secret_key !== wanted.secretKey) {
      await db.updateTable('access_keys').set({ secret_key: wanted.secretKey }).where('access_key', '=', wanted.accessKey).execute()
    }
  }
  if (wanted.password && !(await verifyPassword(wanted.password, user.password_hash))) {
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(wanted.password), updated_at: now })
      .where('id', '=', user.id)
      .execute()
  }

  const key = wanted.accessKey
    ? { access_key: wanted.accessKey, secret_key: wanted.secretKey! }
    : await db
        .selectFrom('access_keys')
        .select(['access_key', 'secret_key'])
        .where('user_id', '=', user.id)
        .where('status', '=', 'active')
        .orderBy('created_at')
        .executeTakeFirstOrThrow()
  return {
    created: false,
    accountName: user.domain_name,
    domainId: user.domain_id,
    projectId: project.id,
    region: config.region,
    user: user.name,
    accessKey: key.access_key,
    secretKey: key.secret_key,
    password: wanted.password ?? null,
  }
}

/** The id of the server's bootstrap user, as the database records it; undefined before the first start. */
export async function storedBootstrapUserId(db: Db): Promise<string | undefined> {
  return readSetting(db, BOOTSTRAP_USER)
}

/**
 * What a state reset keeps, table by table: the bootstrap account (its domain and projects), its
 * administrator with the password, access keys and tokens it has, and the setting naming it.
 */
export async function bootstrapAccountRows(db: Db): Promise<Record<string, Array<Record<string, unknown>>>> {
  const userId = await storedBootstrapUserId(db)
  if (userId === undefined) return {}
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow()
  return {
    settings: await settingRows(db, BOOTSTRAP_USER),
    domains: await db.selectFrom('domains').selectAll().where('id', '=', user.domain_id).execute(),
    projects: await db.selectFrom('projects').selectAll().where('domain_id', '=', user.domain_id).execute(),
    users: [user],
    access_keys: await db.selectFrom('access_keys').selectAll().where('user_id', '=', userId).execute(),
    tokens: await db.selectFrom('tokens').selectAll().where('user_id', '=', userId).execute(),
  }
}

/** The bootstrap administrator's first active AK/SK pair, as the CLI signs requests to a running server with. */
export async function bootstrapAccessKey(db: Db): Promise<{ accessKey: string; secretKey: string } | undefined> {
  const userId = await storedBootstrapUserId(db)
  if (userId === undefined) return undefined
  const key = await db
    .selectFrom('access_keys')
    .select(['access_key', 'secret_key'])
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .orderBy('created_at')
    .executeTakeFirst()
  return key && { accessKey: key.access_key, secretKey: key.secret_key }
}

/**
 * After a state reset: the bootstrap account's project in this region gets again what a new project starts
 * with (see provisionProject), as on a fresh server.
 */
export async function provisionBootstrapProject(db: Db, clock: Clock, settings: AccountSettings): Promise<void> {
  const userId = await storedBootstrapUserId(db)
  if (userId === undefined) return
  const project = await db
    .selectFrom('projects')
    .innerJoin('users', 'users.domain_id', 'projects.domain_id')
    .select('projects.id')
    .where('users.id', '=', userId)
    .where('projects.name', '=', settings.region)
    .executeTakeFirst()
  if (project) await provisionProject(db, clock, settings, project.id)
}

/**
 * Why the configured bootstrap values cannot be applied to the bootstrap account this database holds: its
 * ids and user name never change, and a configured AK may not be another user's. Undefined when they can
 * (or when there is no bootstrap account yet). Reads only, so a state import can ask inside its transaction.
 */
export async function bootstrapMismatch(db: Db, config: Config): Promise<string | undefined> {
  const wanted = config.bootstrap
  const userId = await storedBootstrapUserId(db)
  const user = userId && (await db.selectFrom('users').select(['id', 'name', 'domain_id']).where('id', '=', userId).executeTakeFirst())
  if (!user) return undefined
  if (wanted.domainId && wanted.domainId !== user.domain_id) {
    return `LINKPLANE_DOMAIN_ID is ${wanted.domainId} but this database's bootstrap account is ${user.domain_id}`
  }
  if (wanted.projectId) {
    const project = await regionProject(db, user.domain_id, config.region)
    if (wanted.projectId !== project?.id) {
      return `LINKPLANE_PROJECT_ID is ${wanted.projectId} but this database's bootstrap project is ${project?.id ?? `none in ${config.region}`}`
    }
  }
  if (wanted.user && wanted.user !== user.name) {
    return `LINKPLANE_USER is ${wanted.user} but this database's bootstrap user is ${user.name}`
  }
  if (wanted.accessKey) {
    const key = await db.selectFrom('access_keys').select('user_id').where('access_key', '=', wanted.accessKey).executeTakeFirst()
    if (key && key.user_id !== user.id) return `LINKPLANE_ACCESS_KEY ${wanted.accessKey} belongs to another user`
  }
  return undefined
}

/** A domain's project in the region this server serves. */
function regionProject(db: Db, domainId: string, region: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('projects').select('id').where('domain_id', '=', domainId).where('name', '=', region).executeTakeFirst()
}
