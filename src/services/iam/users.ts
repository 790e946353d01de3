import Type from 'typebox'
import type { AppContext } from '../../context.js'
import type { Principal } from '../../platform/auth/principal.js'
import { newHexId } from '../../platform/ids.js'
import { defineOperation } from '../../platform/operation.js'
import { isoMicros, toStored } from '../../platform/time.js'
import { isUniqueViolation, type Db } from '../../store/database.js'
import { transaction } from '../../store/transaction.js'
import { baseUrl, collectionLinks } from './links.js'
import { IamManagementError } from './management-errors.js'
import { hashPassword, verifyPassword } from './passwords.js'

/**
 * IAM users of the caller's account: created by the administrator (or anyone its policies allow), signing
 * in with a password token or their own AK/SK. Changing a password, disabling or deleting a user ends its
 * tokens at once.
 */

const NAME = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9 _.-]+$' })
const PASSWORD = Type.String({ minLength: 1, maxLength: 128 })
const DESCRIPTION = Type.String({ maxLength: 255 })

/** Huawei's default password policy, simplified: 8-32 characters, two kinds of characters, not the name. */
export function passwordAcceptable(password: string, userName: string): boolean {
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length
  return (
    password.length >= 8 && password.length <= 32 && kinds >= 2 && password !== userName && password !== [...userName].reverse().join('')
  )
}

interface UserRecord {
  id: string
  domain_id: string
  name: string
  enabled: number
  is_admin: number
  created_at: string
  updated_at: string
  description: string
  email: string
  areacode: string
  phone: string
}

function userQuery(db: Db) {
  return db
    .selectFrom('users as u')
    .leftJoin('iam_user_details as d', 'd.user_id', 'u.id')
    .select([
      'u.id',
      'u.domain_id',
      'u.name',
      'u.enabled',
      'u.is_admin',
      'u.created_at',
      'u.updated_at',
      'd.description',
      'd.email',
      'd.areacode',
      'd.phone',
    ])
}

const withDefaults = (
  row: Omit<UserRecord, 'description' | 'email' | 'areacode' | 'phone'> &
    Partial<Record<'description' | 'email' | 'areacode' | 'phone', string | null>>,
): UserRecord => ({
  ...row,
  description: row.description ?? '',
  email: row.email ?? '',
  areacode: row.areacode ?? '',
  phone: row.phone ?? '',
})

/** A user of the caller's account; another account's user is as unknown as a missing one. */
export async function getUser(db: Db, domainId: string, userId: string): Promise<UserRecord> {
  const row = await userQuery(db).where('u.id', '=', userId).where('u.domain_id', '=', domainId).executeTakeFirst()
  if (!row) throw IamManagementError.UserNotFound(userId)
  return withDefaults(row)
}

interface NewUser {
  name: string
  password?: string
  enabled?: boolean
  description?: string
  email?: string
  areacode?: string
  phone?: string
  domain_id?: string
}

async function createUser(principal: Principal, spec: NewUser, { db, clock }: AppContext): Promise<UserRecord> {
  if (spec.domain_id !== undefined && spec.domain_id !== principal.domainId) throw IamManagementError.DomainMismatch()
  if (spec.password !== undefined && !passwordAcceptable(spec.password, spec.name)) throw IamManagementError.WeakPassword()
  // A user created without a password cannot sign in with one until it is set: store an unmatchable hash.
  const passwordHash = spec.password === undefined ? '!' : await hashPassword(spec.password)
  const now = toStored(clock.now())
  const id = newHexId()
  try {
    await transaction(db, async (trx) => {
      await trx
        .insertInto('users')
        .values({
          id,
          domain_id: principal.domainId,
          name: spec.name,
          password_hash: passwordHash,
          is_admin: 0,
          enabled: spec.enabled === false ? 0 : 1,
          created_at: now,
          updated_at: now,
        })
        .execute()
      await trx
        .insertInto('iam_user_details')
        .values({
          user_id: id,
          description: spec.description ?? '',
          email: spec.email ?? '',
          areacode: spec.areacode ?? '',
          phone: spec.phone ?? '',
        })
        .execute()
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw IamManagementError.Duplicate(`user ${spec.name}`)
    throw error
  }
  return getUser(db, principal.domainId, id)
}

interface UserChanges {
  name?: string
  password?: string
  enabled?: boolean
  description?: string
  email?: string
  areacode?: string
  phone?: string
}

async function updateUser(principal: Principal, userId: string, changes: UserChanges, { db, clock }: AppContext): Promise<UserRecord> {
  const user = await getUser(db, principal.domainId, userId)
  // The administrator is the account itself: it is not renamed, disabled or re-passworded by a policy grant.
  if (user.is_admin === 1 && !principal.isAdmin) throw IamManagementError.AdministratorProtected()
  if (user.is_admin === 1 && changes.enabled === false) throw IamManagementError.AdministratorProtected()
  const name = changes.name ?? user.name
  if (changes.password !== undefined && !passwordAcceptable(changes.password, name)) throw IamManagementError.WeakPassword()
  const passwordHash = changes.password === undefined ? undefined : await hashPassword(changes.password)
  const now = toStored(clock.now())
  try {
    await transaction(db, async (trx) => {
      await trx
        .updateTable('users')
        .set({
          name,
          ...(passwordHash ? { password_hash: passwordHash } : {}),
          ...(changes.enabled === undefined ? {} : { enabled: changes.enabled ? 1 : 0 }),
          updated_at: now,
        })
        .where('id', '=', userId)
        .execute()
      const details = {
        description: changes.description ?? user.description,
        email: changes.email ?? user.email,
        areacode: changes.areacode ?? user.areacode,
        phone: changes.phone ?? user.phone,
      }
      const updated = await trx.updateTable('iam_user_details').set(details).where('user_id', '=', userId).executeTakeFirst()
      if (updated.numUpdatedRows === 0n)
        await trx
          .insertInto('iam_user_details')
          .values({ user_id: userId, ...details })
          .execute()
      // A new password or a disabled user ends every session of that user at once.
      if (passwordHash || changes.enabled === false) await trx.deleteFrom('tokens').where('user_id', '=', userId).execute()
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw IamManagementError.Duplicate(`user ${name}`)
    throw error
  }
  return getUser(db, principal.domainId, userId)
}

async function deleteUser(principal: Principal, userId: string, { db }: AppContext): Promise<void> {
  const user = await getUser(db, principal.domainId, userId)
  if (user.is_admin === 1) throw IamManagementError.AdministratorProtected()
  // Tokens, access keys, group memberships and details go with the user (ON DELETE CASCADE).
  await db.deleteFrom('users').where('id', '=', userId).where('is_admin', '=', 0).execute()
}

const keystoneUserView = (user: UserRecord, base: string) => ({
  id: user.id,
  name: user.name,
  domain_id: user.domain_id,
  enabled: user.enabled === 1,
  description: user.description,
  password_expires_at: null,
  pwd_status: true,
  links: { self: `${base}/v3/users/${user.id}`, previous: null, next: null },
})

const detailedUserView = (user: UserRecord, base: string) => ({
  ...keystoneUserView(user, base),
  email: user.email,
  areacode: user.areacode,
  phone: user.phone,
  is_domain_owner: user.is_admin === 1,
  access_mode: 'default',
  create_time: isoMicros(user.created_at),
  update_time: isoMicros(user.updated_at),
})

const KeystoneUser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain_id: Type.String(),
  enabled: Type.Boolean(),
  description: Type.String(),
  password_expires_at: Type.Null(),
  pwd_status: Type.Boolean(),
  links: Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() }),
})

const DetailedUser = Type.Object({
  ...KeystoneUser.properties,
  email: Type.String(),
  areacode: Type.String(),
  phone: Type.String(),
  is_domain_owner: Type.Boolean(),
  access_mode: Type.String(),
  create_time: Type.String(),
  update_time: Type.String(),
})

const CreatedUser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain_id: Type.String(),
  enabled: Type.Boolean(),
  description: Type.String(),
  email: Type.String(),
  areacode: Type.String(),
  phone: Type.String(),
  is_domain_owner: Type.Boolean(),
  access_mode: Type.String(),
  pwd_status: Type.Boolean(),
  create_time: Type.String(),
  password_expires_at: Type.Null(),
})

const UserParams = Type.Object({ user_id: Type.String({ minLength: 1, maxLength: 64 }) })

const ContactFields = {
  email: Type.Optional(Type.String({ maxLength: 255 })),
  areacode: Type.Optional(Type.String({ maxLength: 8 })),
  phone: Type.Optional(Type.String({ maxLength: 32 })),
}

export const userOperations = [
  defineOperation({
    name: 'CreateUser',
    summary: "Creates an IAM user in the caller's account (v3.0: with contact details)",
    method: 'POST',
    path: '/v3.0/OS-USER/users',
    action: 'iam:users:createUser',
    body: Type.Object({
      user: Type.Object({
        name: NAME,
        domain_id: Type.String(),
        password: Type.Optional(PASSWORD),
        enabled: Type.Optional(Type.Boolean()),
        description: Type.Optional(DESCRIPTION),
        ...ContactFields,
      }),
    }),
    response: { status: 201, schema: Type.Object({ user: CreatedUser }) },
    handler: async ({ body, principal }, context) => {
      const user = await createUser(principal!, body.user, context)
      const { links: _links, update_time: _updated, ...view } = detailedUserView(user, '')
      return { user: view }
    },
  }),
  defineOperation({
    name: 'KeystoneCreateUser',
    summary: "Creates an IAM user in the caller's account",
    method: 'POST',
    path: '/v3/users',
    action: 'iam:users:createUser',
    body: Type.Object({
      user: Type.Object({
        name: NAME,
        domain_id: Type.Optional(Type.String()),
        password: Type.Optional(PASSWORD),
        enabled: Type.Optional(Type.Boolean()),
        description: Type.Optional(DESCRIPTION),
      }),
    }),
    response: { status: 201, schema: Type.Object({ user: KeystoneUser }) },
    handler: async ({ body, principal, headers }, context) => ({
      user: keystoneUserView(await createUser(principal!, body.user, context), baseUrl(headers)),
    }),
  }),
  defineOperation({
    name: 'KeystoneListUsers',
    summary: "Lists the users of the caller's account",
    method: 'GET',
    path: '/v3/users',
    action: 'iam:users:listUsers',
    query: Type.Object({
      domain_id: Type.Optional(Type.String()),
      name: Type.Optional(Type.String()),
      enabled: Type.Optional(Type.Boolean()),
      password_expires_at: Type.Optional(Type.String()),
    }),
    response: {
      status: 200,
      schema: Type.Object({
        users: Type.Array(KeystoneUser),
        links: Type.Object({ self: Type.String(), previous: Type.Null(), next: Type.Null() }),
      }),
    },
    handler: async ({ query, principal, headers }, { db }) => {
      const domainId = principal!.domainId
      // Another account's id filters everything out, as an unknown one does.
      if (query.domain_id !== undefined && query.domain_id !== domainId) return { users: [], links: collectionLinks(headers, '/v3/users') }
      let select = userQuery(db).where('u.domain_id', '=', domainId)
      if (query.name !== undefined) select = select.where('u.name', '=', query.name)
      if (query.enabled !== undefined) select = select.where('u.enabled', '=', query.enabled ? 1 : 0)
      const rows = await select.orderBy('u.created_at').orderBy('u.id').execute()
      return {
        users: rows.map((row) => keystoneUserView(withDefaults(row), baseUrl(headers))),
        links: collectionLinks(headers, '/v3/users'),
      }
    },
  }),
  defineOperation({
    name: 'KeystoneShowUser',
    summary: "Shows a user of the caller's account (every user may read itself)",
    method: 'GET',
    path: '/v3/users/:user_id',
    action: 'iam:users:getUser',
    params: UserParams,
    selfService: ({ params, principal }) => params.user_id === principal.userId,
    response: { status: 200, schema: Type.Object({ user: KeystoneUser }) },
    handler: async ({ params, principal, headers }, { db }) => ({
      user: keystoneUserView(await getUser(db, principal!.domainId, params.user_id), baseUrl(headers)),
    }),
  }),
  defineOperation({
    name: 'ShowUser',
    summary: 'Shows a user with its contact details (every user may read itself)',
    method: 'GET',
    path: '/v3.0/OS-USER/users/:user_id',
    action: 'iam:users:getUser',
    params: UserParams,
    selfService: ({ params, principal }) => params.user_id === principal.userId,
    response: { status: 200, schema: Type.Object({ user: DetailedUser }) },
    handler: async ({ params, principal, headers }, { db }) => ({
      user: detailedUserView(await getUser(db, principal!.domainId, params.user_id), baseUrl(headers)),
    }),
  }),
  defineOperation({
    name: 'KeystoneUpdateUserByAdmin',
    summary: "Changes a user's name, password, status or description; a new password or disabling ends its tokens",
    method: 'PATCH',
    path: '/v3/users/:user_id',
    action: 'iam:users:updateUser',
    params: UserParams,
    body: Type.Object({
      user: Type.Object({
        name: Type.Optional(NAME),
        password: Type.Optional(PASSWORD),
        enabled: Type.Optional(Type.Boolean()),
        description: Type.Optional(DESCRIPTION),
        domain_id: Type.Optional(Type.String()),
      }),
    }),
    response: { status: 200, schema: Type.Object({ user: KeystoneUser }) },
    handler: async ({ params, body, principal, headers }, context) => {
      if (body.user.domain_id !== undefined && body.user.domain_id !== principal!.domainId) throw IamManagementError.DomainMismatch()
      return { user: keystoneUserView(await updateUser(principal!, params.user_id, body.user, context), baseUrl(headers)) }
    },
  }),
  defineOperation({
    name: 'UpdateUser',
    summary: 'Changes a user and its contact details (v3.0); a new password or disabling ends its tokens',
    method: 'PUT',
    path: '/v3.0/OS-USER/users/:user_id',
    action: 'iam:users:updateUser',
    params: UserParams,
    body: Type.Object({
      user: Type.Object({
        name: Type.Optional(NAME),
        password: Type.Optional(PASSWORD),
        enabled: Type.Optional(Type.Boolean()),
        description: Type.Optional(DESCRIPTION),
        ...ContactFields,
      }),
    }),
    response: { status: 200, schema: Type.Object({ user: DetailedUser }) },
    handler: async ({ params, body, principal, headers }, context) => ({
      user: detailedUserView(await updateUser(principal!, params.user_id, body.user, context), baseUrl(headers)),
    }),
  }),
  defineOperation({
    name: 'KeystoneUpdateUserPassword',
    summary: 'A user changes its own password (the original one is required); its tokens end at once',
    method: 'POST',
    path: '/v3/users/:user_id/password',
    // Only the user itself may call it, whatever its policies (Huawei: users change their own password).
    action: 'iam:users:updateUserPassword',
    params: UserParams,
    selfService: ({ params, principal }) => params.user_id === principal.userId,
    body: Type.Object({ user: Type.Object({ password: PASSWORD, original_password: PASSWORD }) }),
    response: { status: 204 },
    handler: async ({ params, body, principal }, context) => {
      const caller = principal!
      if (params.user_id !== caller.userId) throw IamManagementError.DomainMismatch()
      const row = await context.db.selectFrom('users').select(['password_hash', 'name']).where('id', '=', caller.userId).executeTakeFirst()
      if (!row) throw IamManagementError.UserNotFound(params.user_id)
      if (!(await verifyPassword(body.user.original_password, row.password_hash))) throw IamManagementError.WrongOriginalPassword()
      if (!passwordAcceptable(body.user.password, row.name)) throw IamManagementError.WeakPassword()
      const hash = await hashPassword(body.user.password)
      await transaction(context.db, async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: hash, updated_at: toStored(context.clock.now()) })
          .where('id', '=', caller.userId)
          .execute()
        await trx.deleteFrom('tokens').where('user_id', '=', caller.userId).execute()
      })
    },
  }),
  defineOperation({
    name: 'KeystoneDeleteUser',
    summary: 'Deletes a user (not the account administrator); its tokens and keys stop working at once',
    method: 'DELETE',
    path: '/v3/users/:user_id',
    action: 'iam:users:deleteUser',
    params: UserParams,
    response: { status: 204 },
    handler: ({ params, principal }, context) => deleteUser(principal!, params.user_id, context),
  }),
]
