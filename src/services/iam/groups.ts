import Type from 'typebox'
import type { IncomingHttpHeaders } from 'node:http'
import { newHexId } from '../../platform/ids.js'
import { defineOperation } from '../../platform/operation.js'
import { toStored } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { baseUrl, collectionLinks } from './links.js'
import { IamManagementError } from './management-errors.js'
import { getUser } from './users.js'

/** User groups: permissions are granted to groups, and a user has the permissions of its groups. */

interface GroupRow {
  id: string
  domain_id: string
  name: string
  description: string
  created_at: string
}

export async function getGroup(db: Db, domainId: string, groupId: string): Promise<GroupRow> {
  const row = await db.selectFrom('iam_groups').selectAll().where('id', '=', groupId).where('domain_id', '=', domainId).executeTakeFirst()
  if (!row) throw IamManagementError.GroupNotFound(groupId)
  return row
}

const groupView = (group: GroupRow, headers: IncomingHttpHeaders) => ({
  id: group.id,
  name: group.name,
  description: group.description,
  domain_id: group.domain_id,
  // Milliseconds since the epoch, as Huawei's group bodies carry it.
  create_time: Date.parse(group.created_at),
  links: { self: `${baseUrl(headers)}/v3/groups/${group.id}`, previous: null, next: null },
})

const Group = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  domain_id: Type.String(),
  create_time: Type.Integer(),
  links: Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() }),
})
const Links = Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() })
const GroupParams = Type.Object({ group_id: Type.String({ minLength: 1, maxLength: 64 }) })
const MemberParams = Type.Object({
  group_id: Type.String({ minLength: 1, maxLength: 64 }),
  user_id: Type.String({ minLength: 1, maxLength: 64 }),
})
const GROUP_NAME = Type.String({ minLength: 1, maxLength: 64, pattern: '^[^<>]+$' })
const MemberUser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain_id: Type.String(),
  enabled: Type.Boolean(),
  description: Type.String(),
  links: Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() }),
})

async function membership(db: Db, domainId: string, groupId: string, userId: string) {
  await getGroup(db, domainId, groupId)
  await getUser(db, domainId, userId)
  return db
    .selectFrom('iam_group_members')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

export const groupOperations = [
  defineOperation({
    name: 'KeystoneCreateGroup',
    summary: "Creates a user group in the caller's account",
    method: 'POST',
    path: '/v3/groups',
    action: 'iam:groups:createGroup',
    body: Type.Object({
      group: Type.Object({
        name: GROUP_NAME,
        description: Type.Optional(Type.String({ maxLength: 255 })),
        domain_id: Type.Optional(Type.String()),
      }),
    }),
    response: { status: 201, schema: Type.Object({ group: Group }) },
    handler: async ({ body, principal, headers }, { db, clock }) => {
      if (body.group.domain_id !== undefined && body.group.domain_id !== principal!.domainId) throw IamManagementError.DomainMismatch()
      const row = {
        id: newHexId(),
        domain_id: principal!.domainId,
        name: body.group.name,
        description: body.group.description ?? '',
        created_at: toStored(clock.now()),
      }
      try {
        await db.insertInto('iam_groups').values(row).execute()
      } catch (error) {
        if (isUniqueViolation(error)) throw IamManagementError.Duplicate(`group ${row.name}`)
        throw error
      }
      return { group: groupView(row, headers) }
    },
  }),
  defineOperation({
    name: 'KeystoneListGroups',
    summary: "Lists the user groups of the caller's account",
    method: 'GET',
    path: '/v3/groups',
    action: 'iam:groups:listGroups',
    query: Type.Object({ domain_id: Type.Optional(Type.String()), name: Type.Optional(Type.String()) }),
    response: { status: 200, schema: Type.Object({ groups: Type.Array(Group), links: Links }) },
    handler: async ({ query, principal, headers }, { db }) => {
      let select = db.selectFrom('iam_groups').selectAll().where('domain_id', '=', principal!.domainId)
      if (query.domain_id !== undefined) select = select.where('domain_id', '=', query.domain_id)
      if (query.name !== undefined) select = select.where('name', '=', query.name)
      const rows = await select.orderBy('created_at').orderBy('id').execute()
      return { groups: rows.map((row) => groupView(row, headers)), links: collectionLinks(headers, '/v3/groups') }
    },
  }),
  defineOperation({
    name: 'KeystoneShowGroup',
    summary: 'Shows a user group',
    method: 'GET',
    path: '/v3/groups/:group_id',
    action: 'iam:groups:getGroup',
    params: GroupParams,
    response: { status: 200, schema: Type.Object({ group: Group }) },
    handler: async ({ params, principal, headers }, { db }) => ({
      group: groupView(await getGroup(db, principal!.domainId, params.group_id), headers),
    }),
  }),
  defineOperation({
    name: 'KeystoneUpdateGroup',
    summary: 'Renames a user group or changes its description',
    method: 'PATCH',
    path: '/v3/groups/:group_id',
    action: 'iam:groups:updateGroup',
    params: GroupParams,
    body: Type.Object({
      group: Type.Object({
        name: Type.Optional(GROUP_NAME),
        description: Type.Optional(Type.String({ maxLength: 255 })),
        domain_id: Type.Optional(Type.String()),
      }),
    }),
    response: { status: 200, schema: Type.Object({ group: Group }) },
    handler: async ({ params, body, principal, headers }, { db }) => {
      const group = await getGroup(db, principal!.domainId, params.group_id)
      const changed = { ...group, name: body.group.name ?? group.name, description: body.group.description ?? group.description }
      try {
        await db
          .updateTable('iam_groups')
          .set({ name: changed.name, description: changed.description })
          .where('id', '=', group.id)
          .execute()
      } catch (error) {
        if (isUniqueViolation(error)) throw IamManagementError.Duplicate(`group ${changed.name}`)
        throw error
      }
      return { group: groupView(changed, headers) }
    },
  }),
  defineOperation({
    name: 'KeystoneDeleteGroup',
    summary: 'Deletes a user group; its members lose the permissions granted to it at once',
    method: 'DELETE',
    path: '/v3/groups/:group_id',
    action: 'iam:groups:deleteGroup',
    params: GroupParams,
    response: { status: 204 },
    handler: async ({ params, principal }, { db }) => {
      await getGroup(db, principal!.domainId, params.group_id)
      // Memberships and grants go with the group (ON DELETE CASCADE).
      await db.deleteFrom('iam_groups').where('id', '=', params.group_id).execute()
    },
  }),
  defineOperation({
    name: 'KeystoneAddUserToGroup',
    summary: 'Adds a user to a user group (idempotent)',
    method: 'PUT',
    path: '/v3/groups/:group_id/users/:user_id',
    action: 'iam:groups:addUserToGroup',
    params: MemberParams,
    response: { status: 204 },
    handler: async ({ params, principal }, { db }) => {
      if (await membership(db, principal!.domainId, params.group_id, params.user_id)) return
      await db
        .insertInto('iam_group_members')
        .values({ group_id: params.group_id, user_id: params.user_id })
        .onConflict((oc) => oc.doNothing())
        .execute()
    },
  }),
  defineOperation({
    name: 'KeystoneCheckUserInGroup',
    summary: 'Whether a user is in a user group: 204, or 404',
    method: 'HEAD',
    path: '/v3/groups/:group_id/users/:user_id',
    action: 'iam:groups:checkUserInGroup',
    params: MemberParams,
    response: { status: 204 },
    handler: async ({ params, principal }, { db }) => {
      if (!(await membership(db, principal!.domainId, params.group_id, params.user_id))) throw IamManagementError.MembershipNotFound()
    },
  }),
  defineOperation({
    name: 'KeystoneRemoveUserFromGroup',
    summary: "Removes a user from a user group; it loses the group's permissions at once",
    method: 'DELETE',
    path: '/v3/groups/:group_id/users/:user_id',
    action: 'iam:groups:removeUserFromGroup',
    params: MemberParams,
    response: { status: 204 },
    handler: async ({ params, principal }, { db }) => {
      if (!(await membership(db, principal!.domainId, params.group_id, params.user_id))) throw IamManagementError.MembershipNotFound()
      await db.deleteFrom('iam_group_members').where('group_id', '=', params.group_id).where('user_id', '=', params.user_id).execute()
    },
  }),
  defineOperation({
    name: 'KeystoneListUsersForGroupByAdmin',
    summary: 'Lists the members of a user group',
    method: 'GET',
    path: '/v3/groups/:group_id/users',
    action: 'iam:users:listUsersForGroup',
    params: GroupParams,
    response: { status: 200, schema: Type.Object({ users: Type.Array(MemberUser), links: Links }) },
    handler: async ({ params, principal, headers }, { db }) => {
      await getGroup(db, principal!.domainId, params.group_id)
      const rows = await db
        .selectFrom('iam_group_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .leftJoin('iam_user_details as d', 'd.user_id', 'u.id')
        .select(['u.id', 'u.name', 'u.domain_id', 'u.enabled', 'd.description'])
        .where('m.group_id', '=', params.group_id)
        .orderBy('u.created_at')
        .orderBy('u.id')
        .execute()
      const base = baseUrl(headers)
      return {
        users: rows.map((u) => ({
          id: u.id,
          name: u.name,
          domain_id: u.domain_id,
          enabled: u.enabled === 1,
          description: u.description ?? '',
          links: { self: `${base}/v3/users/${u.id}`, previous: null, next: null },
        })),
        links: collectionLinks(headers, `/v3/groups/${params.group_id}/users`),
      }
    },
  }),
  defineOperation({
    name: 'KeystoneListGroupsForUser',
    summary: 'Lists the user groups a user belongs to (every user may list its own)',
    method: 'GET',
    path: '/v3/users/:user_id/groups',
    action: 'iam:groups:listGroupsForUser',
    params: Type.Object({ user_id: Type.String({ minLength: 1, maxLength: 64 }) }),
    selfService: ({ params, principal }) => params.user_id === principal.userId,
    response: { status: 200, schema: Type.Object({ groups: Type.Array(Group), links: Links }) },
    handler: async ({ params, principal, headers }, { db }) => {
      await getUser(db, principal!.domainId, params.user_id)
      const rows = await db
        .selectFrom('iam_groups as g')
        .innerJoin('iam_group_members as m', 'm.group_id', 'g.id')
        .selectAll('g')
        .where('m.user_id', '=', params.user_id)
        .orderBy('g.created_at')
        .orderBy('g.id')
        .execute()
      return { groups: rows.map((row) => groupView(row, headers)), links: collectionLinks(headers, `/v3/users/${params.user_id}/groups`) }
    },
  }),
]
