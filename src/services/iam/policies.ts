import Type from 'typebox'
import type { IncomingHttpHeaders } from 'node:http'
import { policyProblem, type PolicyDocument as PolicyDocumentValue } from '../../platform/iam/policy.js'
import { newHexId } from '../../platform/ids.js'
import { defineOperation } from '../../platform/operation.js'
import { isoMicros, toStored } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { baseUrl } from './links.js'
import { IamManagementError } from './management-errors.js'
import { SYSTEM_POLICIES, systemPolicy } from './system-policies.js'

/** Custom policies (`/v3.0/OS-ROLE/roles`) and the system policies (`/v3/roles`) they sit beside. */

export interface RoleRecord {
  id: string
  domain_id: string | null
  name: string
  display_name: string
  type: string
  description: string
  description_cn: string | null
  catalog: string
  flag: string
  policy: PolicyDocumentValue
  created_at: string | null
  updated_at: string | null
}

function customRecord(row: {
  id: string
  domain_id: string
  name: string
  display_name: string
  type: string
  description: string
  description_cn: string | null
  policy: string
  created_at: string
  updated_at: string
}): RoleRecord {
  return { ...row, catalog: 'CUSTOMED', flag: 'fine_grained', policy: JSON.parse(row.policy) as PolicyDocumentValue }
}

const systemRecord = (p: (typeof SYSTEM_POLICIES)[number]): RoleRecord => ({
  ...p,
  domain_id: null,
  description_cn: null,
  flag: 'fine_grained',
  created_at: null,
  updated_at: null,
})

/** A custom policy of the account, or a system policy; null when neither. */
export async function findRole(db: Db, domainId: string, roleId: string): Promise<RoleRecord | null> {
  const system = systemPolicy(roleId)
  if (system) return systemRecord(system)
  const row = await db.selectFrom('iam_roles').selectAll().where('id', '=', roleId).where('domain_id', '=', domainId).executeTakeFirst()
  return row ? customRecord(row) : null
}

export async function getCustomRole(db: Db, domainId: string, roleId: string): Promise<RoleRecord> {
  const row = await db.selectFrom('iam_roles').selectAll().where('id', '=', roleId).where('domain_id', '=', domainId).executeTakeFirst()
  if (!row) throw IamManagementError.RoleNotFound(roleId)
  return customRecord(row)
}

export const roleView = (role: RoleRecord, headers: IncomingHttpHeaders) => ({
  id: role.id,
  name: role.name,
  display_name: role.display_name,
  type: role.type,
  description: role.description,
  ...(role.description_cn === null ? {} : { description_cn: role.description_cn }),
  catalog: role.catalog,
  flag: role.flag,
  domain_id: role.domain_id,
  policy: role.policy,
  links: { self: `${baseUrl(headers)}/v3/roles/${role.id}` },
  ...(role.created_at
    ? { created_time: String(Date.parse(role.created_at)), updated_time: String(Date.parse(role.updated_at ?? role.created_at)) }
    : {}),
})

export const Role = Type.Object({
  id: Type.String(),
  name: Type.String(),
  display_name: Type.String(),
  type: Type.String(),
  description: Type.String(),
  description_cn: Type.Optional(Type.String()),
  catalog: Type.String(),
  flag: Type.String(),
  domain_id: Type.Union([Type.String(), Type.Null()]),
  policy: Type.Unknown(),
  links: Type.Object({ self: Type.String() }),
  created_time: Type.Optional(Type.String()),
  updated_time: Type.Optional(Type.String()),
})

const RoleOption = Type.Object({
  display_name: Type.String({ minLength: 1, maxLength: 128 }),
  type: Type.Union([Type.Literal('AX'), Type.Literal('XA')]),
  description: Type.String({ maxLength: 1000 }),
  description_cn: Type.Optional(Type.String({ maxLength: 1000 })),
  // Checked in full by policyProblem (limits, operators), so its reason reaches the caller.
  policy: Type.Object({ Version: Type.String(), Statement: Type.Array(Type.Unknown()) }),
})
const RoleParams = Type.Object({ role_id: Type.String({ minLength: 1, maxLength: 64 }) })

function checkedPolicy(policy: unknown): PolicyDocumentValue {
  const problem = policyProblem(policy)
  if (problem) throw IamManagementError.InvalidPolicy(problem)
  return policy as PolicyDocumentValue
}

export const policyOperations = [
  defineOperation({
    name: 'CreateCloudServiceCustomPolicy',
    summary: 'Creates a custom policy (fine-grained, "Version": "1.1")',
    method: 'POST',
    path: '/v3.0/OS-ROLE/roles',
    action: 'iam:roles:createRole',
    body: Type.Object({ role: RoleOption }),
    response: { status: 201, schema: Type.Object({ role: Role }) },
    handler: async ({ body, principal, headers }, { db, clock }) => {
      const policy = checkedPolicy(body.role.policy)
      const now = toStored(clock.now())
      const domainId = principal!.domainId
      const id = newHexId()
      // Huawei names custom policies `custom_<domain id>_<n>`; the id's prefix keeps the name unique.
      const row = {
        id,
        domain_id: domainId,
        name: `custom_${domainId}_${id.slice(0, 8)}`,
        display_name: body.role.display_name,
        type: body.role.type,
        description: body.role.description,
        description_cn: body.role.description_cn ?? null,
        policy: JSON.stringify(policy),
        created_at: now,
        updated_at: now,
      }
      try {
        await db.insertInto('iam_roles').values(row).execute()
      } catch (error) {
        if (isUniqueViolation(error)) throw IamManagementError.Duplicate(`role ${row.display_name}`)
        throw error
      }
      return { role: roleView(customRecord(row), headers) }
    },
  }),
  defineOperation({
    name: 'ListCustomPolicies',
    summary: "Lists the account's custom policies (page/per_page)",
    method: 'GET',
    path: '/v3.0/OS-ROLE/roles',
    action: 'iam:roles:listRoles',
    query: Type.Object({
      page: Type.Optional(Type.Integer({ minimum: 1 })),
      per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 300 })),
    }),
    response: {
      status: 200,
      schema: Type.Object({
        roles: Type.Array(Role),
        links: Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() }),
        total_number: Type.Integer(),
      }),
    },
    handler: async ({ query, principal, headers }, { db }) => {
      const rows = await db
        .selectFrom('iam_roles')
        .selectAll()
        .where('domain_id', '=', principal!.domainId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      const perPage = query.per_page ?? rows.length
      const page = query.page ?? 1
      const shown = rows.slice((page - 1) * perPage, page * perPage)
      return {
        roles: shown.map((row) => roleView(customRecord(row), headers)),
        links: { self: `${baseUrl(headers)}/v3.0/OS-ROLE/roles`, previous: null, next: null },
        total_number: rows.length,
      }
    },
  }),
  defineOperation({
    name: 'ShowCustomPolicy',
    summary: 'Shows a custom policy',
    method: 'GET',
    path: '/v3.0/OS-ROLE/roles/:role_id',
    action: 'iam:roles:getRole',
    params: RoleParams,
    response: { status: 200, schema: Type.Object({ role: Role }) },
    handler: async ({ params, principal, headers }, { db }) => ({
      role: roleView(await getCustomRole(db, principal!.domainId, params.role_id), headers),
    }),
  }),
  defineOperation({
    name: 'UpdateCloudServiceCustomPolicy',
    summary: 'Replaces a custom policy; callers it is granted to are judged by the new one at once',
    method: 'PATCH',
    path: '/v3.0/OS-ROLE/roles/:role_id',
    action: 'iam:roles:updateRole',
    params: RoleParams,
    body: Type.Object({ role: RoleOption }),
    response: { status: 200, schema: Type.Object({ role: Role }) },
    handler: async ({ params, body, principal, headers }, { db, clock }) => {
      const role = await getCustomRole(db, principal!.domainId, params.role_id)
      const policy = checkedPolicy(body.role.policy)
      const changes = {
        display_name: body.role.display_name,
        type: body.role.type,
        description: body.role.description,
        description_cn: body.role.description_cn ?? role.description_cn,
        policy: JSON.stringify(policy),
        updated_at: toStored(clock.now()),
      }
      try {
        await db.updateTable('iam_roles').set(changes).where('id', '=', role.id).execute()
      } catch (error) {
        if (isUniqueViolation(error)) throw IamManagementError.Duplicate(`role ${changes.display_name}`)
        throw error
      }
      return { role: roleView({ ...role, ...changes, policy }, headers) }
    },
  }),
  defineOperation({
    name: 'DeleteCustomPolicy',
    summary: 'Deletes a custom policy that is no longer granted to any group',
    method: 'DELETE',
    path: '/v3.0/OS-ROLE/roles/:role_id',
    action: 'iam:roles:deleteRole',
    params: RoleParams,
    response: { status: 200, schema: Type.Object({}) },
    handler: async ({ params, principal }, { db }) => {
      await getCustomRole(db, principal!.domainId, params.role_id)
      // One statement: the policy goes only when no grant names it, so no grant is left pointing nowhere.
      const deleted = await db
        .deleteFrom('iam_roles')
        .where('id', '=', params.role_id)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('iam_grants').select('role_id').where('iam_grants.role_id', '=', params.role_id))),
        )
        .executeTakeFirst()
      if (deleted.numDeletedRows === 0n) throw IamManagementError.RoleInUse()
      return {}
    },
  }),
  defineOperation({
    name: 'KeystoneListPermissions',
    summary: "Lists the system policies and the account's custom policies",
    method: 'GET',
    path: '/v3/roles',
    action: 'iam:roles:listRoles',
    query: Type.Object({
      display_name: Type.Optional(Type.String()),
      name: Type.Optional(Type.String()),
      catalog: Type.Optional(Type.String()),
    }),
    response: {
      status: 200,
      schema: Type.Object({
        roles: Type.Array(Role),
        links: Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() }),
      }),
    },
    handler: async ({ query, principal, headers }, { db }) => {
      const custom = await db
        .selectFrom('iam_roles')
        .selectAll()
        .where('domain_id', '=', principal!.domainId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      const all = [...SYSTEM_POLICIES.map(systemRecord), ...custom.map(customRecord)].filter(
        (r) =>
          (query.display_name === undefined || r.display_name === query.display_name) &&
          (query.name === undefined || r.name === query.name) &&
          (query.catalog === undefined || r.catalog === query.catalog),
      )
      return { roles: all.map((r) => roleView(r, headers)), links: { self: `${baseUrl(headers)}/v3/roles`, previous: null, next: null } }
    },
  }),
  defineOperation({
    name: 'KeystoneShowPermission',
    summary: 'Shows a system or custom policy',
    method: 'GET',
    path: '/v3/roles/:role_id',
    action: 'iam:roles:getRole',
    params: RoleParams,
    response: { status: 200, schema: Type.Object({ role: Role }) },
    handler: async ({ params, principal, headers }, { db }) => {
      const role = await findRole(db, principal!.domainId, params.role_id)
      if (!role) throw IamManagementError.RoleNotFound(params.role_id)
      return { role: roleView(role, headers) }
    },
  }),
]
