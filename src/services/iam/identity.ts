import { createHash, randomBytes } from 'node:crypto'
import type { CredentialDirectory, Principal } from '../../platform/auth/principal.js'
import { addSeconds, toStored, type Clock } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { IdentityCache } from './identity-cache.js'
import { verifyPassword } from './passwords.js'

/** Tokens are valid for 24 hours, as Huawei IAM's. */
export const TOKEN_LIFETIME_SECONDS = 24 * 60 * 60

export interface Project {
  id: string
  name: string
  domain_id: string
}

export interface IssuedToken {
  token: string
  issuedAt: string
  expiresAt: string
}

interface UserIdentity {
  user_id: string
  user_name: string
  domain_id: string
  domain_name: string
  is_admin: number
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

/** Accounts, users, keys and tokens: what authentication and the IAM API read. */
export class IdentityStore implements CredentialDirectory {
  /** Set once the bootstrap account exists (see bootstrap.ts). */
  bootstrapUserId = ''
  /** What authentication resolved, by key and project, and by token: read on every signed request. */
  private readonly keys: IdentityCache<{ secretKey: string; principal: Principal }>
  private readonly tokens: IdentityCache<{ principal: Principal; expiresAt: string }>

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly region: string,
  ) {
    this.keys = new IdentityCache(db)
    this.tokens = new IdentityCache(db)
  }

  private userQuery() {
    return this.db
      .selectFrom('users as u')
      .innerJoin('domains as d', 'd.id', 'u.domain_id')
      .select(['u.id as user_id', 'u.name as user_name', 'u.domain_id', 'd.name as domain_name', 'u.is_admin'])
      .where('u.enabled', '=', 1)
  }

  private principal(identity: UserIdentity, project: Project | undefined, credential: Principal['credential']): Principal {
    return {
      userId: identity.user_id,
      userName: identity.user_name,
      domainId: identity.domain_id,
      domainName: identity.domain_name,
      projectId: project?.id ?? null,
      projectName: project?.name ?? null,
      isAdmin: identity.is_admin === 1,
      isBootstrap: identity.user_id === this.bootstrapUserId,
      credential,
    }
  }

  async accessKey(accessKey: string, projectId: string | undefined) {
    // Unknown keys are not kept: made-up keys cannot fill the cache.
    const found = await this.keys.get(`${accessKey}\n${projectId ?? ''}`, () => this.loadAccessKey(accessKey, projectId))
    if (!found) return null
    const principal = this.current(found.principal)
    return principal === found.principal ? found : { ...found, principal }
  }

  /**
   * A cached principal, told whether it is the bootstrap user now: a state import makes another user the
   * bootstrap user once its transaction has committed, when principals may already be cached again.
   */
  private current(principal: Principal): Principal {
    const isBootstrap = principal.userId === this.bootstrapUserId
    return principal.isBootstrap === isBootstrap ? principal : { ...principal, isBootstrap }
  }

  private async loadAccessKey(accessKey: string, projectId: string | undefined) {
    const row = await this.userQuery()
      .innerJoin('access_keys as k', 'k.user_id', 'u.id')
      .select('k.secret_key')
      .where('k.access_key', '=', accessKey)
      .where('k.status', '=', 'active')
      .executeTakeFirst()
    if (!row) return undefined
    // AK/SK belongs to the account, not to a project: X-Project-Id picks one of the account's projects
    // (any other leaves the call without a project), and without it the call acts in this region's project.
    const project = projectId ? await this.project(projectId) : await this.regionProject(row.domain_id)
    const ownProject = project?.domain_id === row.domain_id ? project : undefined
    return { secretKey: row.secret_key, principal: this.principal(row, ownProject, { type: 'aksk', accessKey }) }
  }

  async token(token: string): Promise<Principal | string> {
    const hash = hashToken(token)
    const found = await this.tokens.get(hash, async () => {
      const row = await this.userQuery()
        .innerJoin('tokens as t', 't.user_id', 'u.id')
        .select(['t.project_id', 't.expires_at'])
        .where('t.token_hash', '=', hash)
        .executeTakeFirst()
      if (!row) return undefined
      const project = row.project_id ? await this.project(row.project_id) : undefined
      return { principal: this.principal(row, project, { type: 'token' }), expiresAt: row.expires_at }
    })
    if (!found) return 'the token is invalid'
    if (found.expiresAt <= toStored(this.clock.now())) return 'the token must be updated: it has expired'
    return this.current(found.principal)
  }

  /** The user a password sign-in names, when the password is right. */
  async passwordSignIn(domainName: string, userName: string, password: string): Promise<UserIdentity | null> {
    const row = await this.userQuery()
      .select('u.password_hash')
      .where('d.name', '=', domainName)
      .where('u.name', '=', userName)
      .executeTakeFirst()
    if (!row || !(await verifyPassword(password, row.password_hash))) return null
    return row
  }

  async issueToken(userId: string, projectId: string | null, methods: string[]): Promise<IssuedToken> {
    const token = `MIIlp${randomBytes(48).toString('base64url')}`
    const now = this.clock.now()
    const issuedAt = toStored(now)
    const expiresAt = toStored(addSeconds(now, TOKEN_LIFETIME_SECONDS))
    await this.db
      .insertInto('tokens')
      .values({
        token_hash: hashToken(token),
        user_id: userId,
        project_id: projectId,
        methods: methods.join(','),
        issued_at: issuedAt,
        expires_at: expiresAt,
      })
      .execute()
    return { token, issuedAt, expiresAt }
  }

  /** Metadata of a token (for `GET /v3/auth/tokens`), whoever it belongs to; null when unknown. */
  async tokenInfo(token: string): Promise<{ issuedAt: string; expiresAt: string; methods: string[] } | null> {
    const row = await this.db
      .selectFrom('tokens')
      .select(['issued_at', 'expires_at', 'methods'])
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst()
    return row ? { issuedAt: row.issued_at, expiresAt: row.expires_at, methods: row.methods.split(',') } : null
  }

  project(id: string): Promise<Project | undefined> {
    return this.db.selectFrom('projects').select(['id', 'name', 'domain_id']).where('id', '=', id).executeTakeFirst()
  }

  regionProject(domainId: string): Promise<Project | undefined> {
    return this.db
      .selectFrom('projects')
      .select(['id', 'name', 'domain_id'])
      .where('domain_id', '=', domainId)
      .where('name', '=', this.region)
      .executeTakeFirst()
  }

  projectsOfDomain(domainId: string): Promise<Project[]> {
    return this.db.selectFrom('projects').select(['id', 'name', 'domain_id']).where('domain_id', '=', domainId).orderBy('name').execute()
  }

  domain(id: string): Promise<{ id: string; name: string } | undefined> {
    return this.db.selectFrom('domains').select(['id', 'name']).where('id', '=', id).executeTakeFirst()
  }

  projectByName(domainId: string, name: string): Promise<Project | undefined> {
    return this.db
      .selectFrom('projects')
      .select(['id', 'name', 'domain_id'])
      .where('domain_id', '=', domainId)
      .where('name', '=', name)
      .executeTakeFirst()
  }
}
