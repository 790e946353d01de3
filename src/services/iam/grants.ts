import Type from 'typebox'
import type { Principal } from '../../platform/auth/principal.js'
import type { AttachedPolicy } from '../../platform/iam/evaluate.js'
import type { PolicySource } from '../../platform/iam/authorize.js'
import { parsePolicy } from '../../platform/iam/policy.js'
import { defineOperation } from '../../platform/operation.js'
import { toStored } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { getGroup } from './groups.js'
import { IdentityCache } from './identity-cache.js'
import { collectionLinks } from './links.js'
import { IamManagementError } from './management-errors.js'
import { findRole, Role, roleView } from './policies.js'
import { systemPolicy } from './system-policies.js'

/**
 * Grants: a policy given to a user group on one project (it applies to calls acting in that project) or
 * on the whole account (it applies to every call of the account's users, and is how IAM's own actions,
 * a global service's, are usually granted).
 */

/** The policies in force for a caller: those granted to its groups on the call's project or on its account. */
export class GrantedPolicies implements PolicySource {
  /** Parsed policies by caller and project: read on every request of a user who is not an administrator. */
  private readonly cache: IdentityCache<AttachedPolicy[]>
  /**
   * The same, kept with the principal objects the identity caches answer. Those are made again whenever
   * the identity generation moves (their caches start again empty), and the request that got one has just
   * read that generation: so its policies need no second read of it.
   */
  private readonly ofPrincipal = new WeakMap<Principal, AttachedPolicy[]>()

  constructor(private readonly db: Db) {
    this.cache = new IdentityCache(db)
  }

  async policiesFor(principal: Principal): Promise<AttachedPolicy[]> {
    const known = this.ofPrincipal.get(principal)
    if (known) return known
    const key = `${principal.userId}\n${principal.domainId}\n${principal.projectId ?? ''}`
    const policies = (await this.cache.get(key, () => this.load(principal)))!
    this.ofPrincipal.set(principal, policies)
    return policies
  }

  private async load(principal: Principal): Promise<AttachedPolicy[]> {
    const grants = await this.db
      .selectFrom('iam_grants as g')
      .innerJoin('iam_group_members as m', 'm.group_id', 'g.group_id')
      .leftJoin('iam_roles as r', (join) => join.onRef('r.id', '=', 'g.role_id').on('r.domain_id', '=', principal.domainId))
      .select(['g.role_id', 'r.display_name', 'r.policy'])
      .where('m.user_id', '=', principal.userId)
      .where((eb) =>
        eb.or([
          eb.and([eb('g.scope_type', '=', 'domain'), eb('g.scope_id', '=', principal.domainId)]),
          ...(principal.projectId ? [eb.and([eb('g.scope_type', '=', 'project'), eb('g.scope_id', '=', principal.projectId)])] : []),
        ]),
      )
      .execute()
    const policies: AttachedPolicy[] = []
    for (const grant of grants) {
      const system = systemPolicy(grant.role_id)
      if (system) policies.push({ id: system.id, name: system.display_name, document: system.policy })
      else if (grant.policy)
        policies.push({ id: grant.role_id, name: grant.display_name ?? grant.role_id, document: parsePolicy(JSON.parse(grant.policy)) })
    }
    return policies
  }
}

type Scope = { type: 'project' | 'domain'; id: string }

/** The group, policy and scope a grant names, all of the caller's account. */
async function resolve(db: Db, principal: Principal, scope: Scope, groupId: string, roleId: string | undefined) {
  if (scope.type === 'project') {
    const project = await db.selectFrom('projects').select('domain_id').where('id', '=', scope.id).executeTakeFirst()
    if (!project || project.domain_id !== principal.domainId) throw IamManagementError.ProjectNotFound(scope.id)
  } else if (scope.id !== principal.domainId) {
    throw IamManagementError.DomainMismatch()
  }
  await getGroup(db, principal.domainId, groupId)
  if (roleId === undefined) return null
  const role = await findRole(db, principal.domainId, roleId)
  if (!role) throw IamManagementError.RoleNotFound(roleId)
  return role
}

async function grantExists(db: Db, scope: Scope, groupId: string, roleId: string): Promise<boolean> {
  const row = await db
    .selectFrom('iam_grants')
    .select('role_id')
    .where('group_id', '=', groupId)
    .where('role_id', '=', roleId)
    .where('scope_type', '=', scope.type)
    .where('scope_id', '=', scope.id)
    .executeTakeFirst()
  return row !== undefined
}

const Links = Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() })
const ID = Type.String({ minLength: 1, maxLength: 64 })

/** The four grant operations, for projects (`/v3/projects/{project_id}/...`) or the account (`/v3/domains/{domain_id}/...`). */
function grantOperations(scopeType: 'project' | 'domain') {
  const Scoped = scopeType === 'project' ? 'Project' : 'Domain'
  const base = scopeType === 'project' ? '/v3/projects/:project_id/groups/:group_id/roles' : '/v3/domains/:domain_id/groups/:group_id/roles'
  const scopeKey: string = `${scopeType}_id`
  const scopeOf = (params: Record<string, string>): Scope => ({ type: scopeType, id: params[scopeKey] })
  const RoleParams = Type.Object({ [scopeKey]: ID, group_id: ID, role_id: ID })
  const GroupParams = Type.Object({ [scopeKey]: ID, group_id: ID })
  return [
    defineOperation({
      name: `KeystoneAssociateGroupWith${Scoped}Permission`,
      summary: `Grants a policy to a user group on ${scopeType === 'project' ? 'a project' : 'the whole account'} (idempotent)`,
      method: 'PUT',
      path: `${base}/:role_id`,
      // The project in the URL is the grant's scope, not the project the call acts in.
      urlTenant: false,
      action: `iam:permissions:grantRoleToGroupOn${Scoped}`,
      params: RoleParams,
      response: { status: 204 },
      handler: async ({ params, principal }, { db, clock }) => {
        const scope = scopeOf(params)
        await resolve(db, principal!, scope, params.group_id, params.role_id)
        await db
          .insertInto('iam_grants')
          .values({
            group_id: params.group_id,
            role_id: params.role_id,
            scope_type: scope.type,
            scope_id: scope.id,
            created_at: toStored(clock.now()),
          })
          .onConflict((oc) => oc.doNothing())
          .execute()
      },
    }),
    defineOperation({
      name: `KeystoneList${Scoped}PermissionsForGroup`,
      summary: `Lists the policies granted to a user group on ${scopeType === 'project' ? 'a project' : 'the account'}`,
      method: 'GET',
      path: base,
      urlTenant: false,
      action: `iam:permissions:listRolesForGroupOn${Scoped}`,
      params: GroupParams,
      response: { status: 200, schema: Type.Object({ roles: Type.Array(Role), links: Links }) },
      handler: async ({ params, principal, headers }, { db }) => {
        const scope = scopeOf(params)
        await resolve(db, principal!, scope, params.group_id, undefined)
        const grants = await db
          .selectFrom('iam_grants')
          .select('role_id')
          .where('group_id', '=', params.group_id)
          .where('scope_type', '=', scope.type)
          .where('scope_id', '=', scope.id)
          .orderBy('created_at')
          .orderBy('role_id')
          .execute()
        const roles = []
        for (const grant of grants) {
          const role = await findRole(db, principal!.domainId, grant.role_id)
          if (role) roles.push(roleView(role, headers))
        }
        const path =
          scopeType === 'project'
            ? `/v3/projects/${scope.id}/groups/${params.group_id}/roles`
            : `/v3/domains/${scope.id}/groups/${params.group_id}/roles`
        return { roles, links: collectionLinks(headers, path) }
      },
    }),
    defineOperation({
      name: `KeystoneCheck${Scoped}PermissionForGroup`,
      summary: 'Whether a user group has a policy on this scope: 204, or 404',
      method: 'HEAD',
      path: `${base}/:role_id`,
      urlTenant: false,
      action: `iam:permissions:checkRoleForGroupOn${Scoped}`,
      params: RoleParams,
      response: { status: 204 },
      handler: async ({ params, principal }, { db }) => {
        const scope = scopeOf(params)
        await resolve(db, principal!, scope, params.group_id, params.role_id)
        if (!(await grantExists(db, scope, params.group_id, params.role_id))) throw IamManagementError.GrantNotFound()
      },
    }),
    defineOperation({
      name: `KeystoneRemove${Scoped}PermissionFromGroup`,
      summary: 'Revokes a policy from a user group on this scope; its members lose it at once',
      method: 'DELETE',
      path: `${base}/:role_id`,
      urlTenant: false,
      action: `iam:permissions:revokeRoleFromGroupOn${Scoped}`,
      params: RoleParams,
      response: { status: 204 },
      handler: async ({ params, principal }, { db }) => {
        const scope = scopeOf(params)
        await resolve(db, principal!, scope, params.group_id, params.role_id)
        const deleted = await db
          .deleteFrom('iam_grants')
          .where('group_id', '=', params.group_id)
          .where('role_id', '=', params.role_id)
          .where('scope_type', '=', scope.type)
          .where('scope_id', '=', scope.id)
          .executeTakeFirst()
        if (deleted.numDeletedRows === 0n) throw IamManagementError.GrantNotFound()
      },
    }),
  ]
}

export const permissionOperations = [...grantOperations('project'), ...grantOperations('domain')]
