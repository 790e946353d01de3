import { readFileSync } from 'node:fs'
import type { Config } from '../../config.js'
import { newAccessKey, newHexId, newPassword, newSecretKey } from '../../platform/ids.js'
import { toStored, type Clock } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { transaction } from '../../store/transaction.js'
import { authoriseEveryAgency } from '../eg/agencies.js'
import { hashPassword } from './passwords.js'

/** The settings that shape a new account: its region's project, and the consents given for it. */
export type AccountSettings = Pick<Config, 'region' | 'egAgencies'>

/** What a new project starts with besides its identity: EventGrid's service agencies, unless LINKPLANE_EG_AGENCIES=off. */
export async function provisionProject(db: Db, clock: Clock, settings: AccountSettings, projectId: string): Promise<void> {
  if (settings.egAgencies !== 'off') await authoriseEveryAgency(db, clock, projectId)
}

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

/** An account as listings show it: no password, no SK. */
export interface AccountSummary {
  name: string
  domain_id: string
  project_id: string
  user: string
  access_key: string
  created_at: string
}

/** Why an account cannot be created; the admin API and the CLI turn it into their own answers. */
export class AccountRefused extends Error {}

/** The name, a given id or access key is already someone's. */
export class AccountExists extends AccountRefused {}

/**
 * Account names are Huawei account (domain) names: the name users sign in with. linkplane accepts 1-64
 * letters, digits, `_` and `-`, starting with a letter (a choice: Huawei's own rule is not in the sources).
 */
export const ACCOUNT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/
const HEX_ID = /^[0-9a-f]{32}$/

/** Checks a spec before anything is written; throws AccountRefused with a reason a person can act on. */
export function checkAccountSpec(spec: AccountSpec): void {
  if (!ACCOUNT_NAME.test(spec.name))
    throw new AccountRefused(`account name ${JSON.stringify(spec.name)} must be 1-64 letters, digits, _ or -, starting with a letter`)
  for (const [field, value] of [
    ['domain_id', spec.domainId],
    ['project_id', spec.projectId],
  ] as const) {
    if (value !== undefined && !HEX_ID.test(value)) throw new AccountRefused(`${field} must be 32 lowercase hex characters`)
  }
  if (spec.user !== undefined && !ACCOUNT_NAME.test(spec.user))
    throw new AccountRefused(`user name ${JSON.stringify(spec.user)} is not valid`)
  if (spec.password !== undefined && spec.password.length < 8) throw new AccountRefused('a password has at least 8 characters')
  if ((spec.accessKey === undefined) !== (spec.secretKey === undefined))
    throw new AccountRefused('access_key and secret_key are given together or not at all')
  if (spec.accessKey !== undefined && !/^[A-Z0-9]{10,64}$/.test(spec.accessKey))
    throw new AccountRefused('access_key must be 10-64 upper-case letters and digits')
  if (spec.secretKey !== undefined && spec.secretKey.length < 10) throw new AccountRefused('secret_key has at least 10 characters')
}

/**
 * Creates an account in one transaction. A name, domain id, project id or access key already in use is
 * refused by the database's unique constraints (AccountRefused), never half-written. Callers taking specs
 * from users (admin API, CLI, accounts file) check them first with checkAccountSpec; the bootstrap account
 * keeps the looser rules it always had.
 */
export async function createAccount(db: Db, clock: Clock, settings: AccountSettings, spec: AccountSpec): Promise<AccountSecrets> {
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
  const write = transaction(db, async (trx) => {
    await trx.insertInto('domains').values({ id: account.domain_id, name: account.name, created_at: now }).execute()
    await trx
      .insertInto('projects')
      .values({ id: account.project_id, domain_id: account.domain_id, name: settings.region, created_at: now })
      .execute()
    await trx
      .insertInto('users')
      .values({
        id: userId,
        domain_id: account.domain_id,
        name: account.user,
        password_hash: passwordHash,
        is_admin: 1,
        enabled: 1,
        created_at: now,
        updated_at: now,
      })
      .execute()
    await trx
      .insertInto('access_keys')
      .values({
        access_key: account.access_key,
        user_id: userId,
        secret_key: account.secret_key,
        status: 'active',
        description: 'created with the account',
        created_at: now,
      })
      .execute()
    await provisionProject(trx, clock, settings, account.project_id)
  })
  await write.catch((error) => {
    throw isUniqueViolation(error) ? new AccountExists(`an account with this name, id or access key already exists`) : error
  })
  return account
}

/** Every account, oldest first, without secrets. The administrator is the account's first user. */
export async function listAccounts(db: Db, region: string): Promise<AccountSummary[]> {
  const rows = await db
    .selectFrom('domains as d')
    .innerJoin('projects as p', (join) => join.onRef('p.domain_id', '=', 'd.id').on('p.name', '=', region))
    .innerJoin('users as u', (join) => join.onRef('u.domain_id', '=', 'd.id').on('u.is_admin', '=', 1))
    .select(['d.name', 'd.id as domain_id', 'p.id as project_id', 'u.name as user', 'u.id as user_id', 'd.created_at'])
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute()
  const summaries: AccountSummary[] = []
  const seen = new Set<string>()
  for (const row of rows) {
    if (seen.has(row.domain_id)) continue // the first administrator stands for the account
    seen.add(row.domain_id)
    const key = await db
      .selectFrom('access_keys')
      .select('access_key')
      .where('user_id', '=', row.user_id)
      .where('status', '=', 'active')
      .orderBy('created_at')
      .executeTakeFirst()
    summaries.push({
      name: row.name,
      domain_id: row.domain_id,
      project_id: row.project_id,
      user: row.user,
      access_key: key?.access_key ?? '',
      created_at: row.created_at,
    })
  }
  return summaries
}

/**
 * `LINKPLANE_ACCOUNTS_FILE`: `{"accounts": [{"name", "domain_id", "project_id", "user", "password",
 * "access_key", "secret_key"}]}`, only `name` required. Read at every start: an account whose name (or
 * domain id) already exists is left as it is, so the file can stay in place across restarts.
 * Returns the accounts created now (with the secrets that were generated, to be shown once).
 */
export async function applyAccountsFile(db: Db, clock: Clock, settings: AccountSettings, path: string): Promise<AccountSecrets[]> {
  const specs = readAccountsFile(path)
  const created: AccountSecrets[] = []
  for (const spec of specs) {
    const existing = await db
      .selectFrom('domains')
      .select('id')
      .where((eb) => eb.or([eb('name', '=', spec.name), ...(spec.domainId ? [eb('id', '=', spec.domainId)] : [])]))
      .executeTakeFirst()
    if (existing) continue
    try {
      created.push(await createAccount(db, clock, settings, spec))
    } catch (error) {
      if (error instanceof AccountRefused) throw new AccountRefused(`${path}: account ${spec.name}: ${error.message}`)
      throw error
    }
  }
  return created
}

function readAccountsFile(path: string): AccountSpec[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new AccountRefused(`${path}: ${(error as Error).message}`)
  }
  const list = (parsed as { accounts?: unknown } | null)?.accounts
  if (!Array.isArray(list)) throw new AccountRefused(`${path}: expected {"accounts": [...]}`)
  return list.map((entry, index) => {
    const text = (field: string): string | undefined => {
      const value = (entry as Record<string, unknown> | null)?.[field]
      if (value === undefined || value === null) return undefined
      if (typeof value !== 'string') throw new AccountRefused(`${path}: accounts[${index}].${field} must be a string`)
      return value
    }
    const name = text('name')
    if (!name) throw new AccountRefused(`${path}: accounts[${index}] has no name`)
    const spec: AccountSpec = {
      name,
      domainId: text('domain_id'),
      projectId: text('project_id'),
      user: text('user'),
      password: text('password'),
      accessKey: text('access_key'),
      secretKey: text('secret_key'),
    }
    try {
      checkAccountSpec(spec)
    } catch (error) {
      throw new AccountRefused(`${path}: accounts[${index}]: ${(error as Error).message}`)
    }
    return spec
  })
}

/** Every account gets a project in the region this server serves (the region can change between starts). */
export async function ensureRegionProjects(db: Db, clock: Clock, settings: AccountSettings): Promise<void> {
  const { region } = settings
  const missing = await db
    .selectFrom('domains')
    .select('id')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('projects')
            .select('projects.id')
            .whereRef('projects.domain_id', '=', 'domains.id')
            .where('projects.name', '=', region),
        ),
      ),
    )
    .execute()
  for (const { id } of missing) {
    const projectId = newHexId()
    await transaction(db, async (trx) => {
      await trx
        .insertInto('projects')
        .values({ id: projectId, domain_id: id, name: region, created_at: toStored(clock.now()) })
        .execute()
      await provisionProject(trx, clock, settings, projectId)
    })
  }
}
