import Type from 'typebox'
import { newAccessKey, newSecretKey } from '../../platform/ids.js'
import { defineOperation } from '../../platform/operation.js'
import { isoMicros, toStored } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { holdLocks } from '../../store/locks.js'
import { transaction } from '../../store/transaction.js'
import { IamManagementError } from './management-errors.js'
import { getUser } from './users.js'

/**
 * Permanent access keys (AK/SK) of the account's users. The SK is answered once, when the key is created;
 * no later response carries it. Every user may manage its own keys, whatever its policies.
 */

const MAX_KEYS_PER_USER = 2

interface KeyRow {
  access_key: string
  user_id: string
  status: string
  description: string
  created_at: string
}

/** A key of a user of the caller's account; another account's key is as unknown as a missing one. */
async function getKey(db: Db, domainId: string, accessKey: string): Promise<KeyRow> {
  const row = await db
    .selectFrom('access_keys as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .select(['k.access_key', 'k.user_id', 'k.status', 'k.description', 'k.created_at'])
    .where('k.access_key', '=', accessKey)
    .where('u.domain_id', '=', domainId)
    .executeTakeFirst()
  if (!row) throw IamManagementError.CredentialNotFound(accessKey)
  return row
}

async function ownsKey(db: Db, userId: string, accessKey: string): Promise<boolean> {
  const row = await db.selectFrom('access_keys').select('user_id').where('access_key', '=', accessKey).executeTakeFirst()
  return row?.user_id === userId
}

const keyView = (row: KeyRow) => ({
  access: row.access_key,
  user_id: row.user_id,
  status: row.status,
  description: row.description,
  create_time: isoMicros(row.created_at),
})

const Credential = Type.Object({
  access: Type.String(),
  user_id: Type.String(),
  status: Type.String(),
  description: Type.String(),
  create_time: Type.String(),
})
const KeyParams = Type.Object({ access_key: Type.String({ minLength: 1, maxLength: 64 }) })

export const credentialOperations = [
  defineOperation({
    name: 'CreatePermanentAccessKey',
    summary: 'Creates an AK/SK pair for a user (at most 2 per user); the SK is shown in this response only',
    method: 'POST',
    path: '/v3.0/OS-CREDENTIAL/credentials',
    action: 'iam:credentials:createCredential',
    selfService: ({ body, principal }) =>
      (body as { credential?: { user_id?: unknown } } | undefined)?.credential?.user_id === principal.userId,
    body: Type.Object({
      credential: Type.Object({
        user_id: Type.String({ minLength: 1, maxLength: 64 }),
        description: Type.Optional(Type.String({ maxLength: 255 })),
      }),
    }),
    response: { status: 201, schema: Type.Object({ credential: Type.Object({ ...Credential.properties, secret: Type.String() }) }) },
    handler: async ({ body, principal }, { db, clock }) => {
      const user = await getUser(db, principal!.domainId, body.credential.user_id)
      const row: KeyRow = {
        access_key: newAccessKey(),
        user_id: user.id,
        status: 'active',
        description: body.credential.description ?? '',
        created_at: toStored(clock.now()),
      }
      const secret = newSecretKey()
      await transaction(db, async (trx) => {
        // The limit holds under concurrency: the user's keys are counted while holding its lock.
        await holdLocks(trx, `iam.keys:${user.id}`)
        const { count } = await trx
          .selectFrom('access_keys')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('user_id', '=', user.id)
          .executeTakeFirstOrThrow()
        if (Number(count) >= MAX_KEYS_PER_USER) throw IamManagementError.AccessKeyLimit()
        await trx
          .insertInto('access_keys')
          .values({ ...row, secret_key: secret })
          .execute()
      })
      return { credential: { ...keyView(row), secret } }
    },
  }),
  defineOperation({
    name: 'ListPermanentAccessKeys',
    summary: "Lists the access keys of a user (the caller's own without user_id); never the SKs",
    method: 'GET',
    path: '/v3.0/OS-CREDENTIAL/credentials',
    action: 'iam:credentials:listCredentials',
    selfService: ({ query, principal }) => query.user_id === undefined || query.user_id === principal.userId,
    query: Type.Object({ user_id: Type.Optional(Type.String({ maxLength: 64 })) }),
    response: { status: 200, schema: Type.Object({ credentials: Type.Array(Credential) }) },
    handler: async ({ query, principal }, { db }) => {
      const userId = query.user_id ?? principal!.userId
      await getUser(db, principal!.domainId, userId)
      const rows = await db
        .selectFrom('access_keys')
        .select(['access_key', 'user_id', 'status', 'description', 'created_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('access_key')
        .execute()
      return { credentials: rows.map(keyView) }
    },
  }),
  defineOperation({
    name: 'ShowPermanentAccessKey',
    summary: 'Shows an access key (never its SK)',
    method: 'GET',
    path: '/v3.0/OS-CREDENTIAL/credentials/:access_key',
    action: 'iam:credentials:getCredential',
    selfService: ({ params, principal }, { db }) => ownsKey(db, principal.userId, params.access_key),
    params: KeyParams,
    response: { status: 200, schema: Type.Object({ credential: Credential }) },
    handler: async ({ params, principal }, { db }) => ({ credential: keyView(await getKey(db, principal!.domainId, params.access_key)) }),
  }),
  defineOperation({
    name: 'UpdatePermanentAccessKey',
    summary: 'Enables or disables an access key, or changes its description',
    method: 'PUT',
    path: '/v3.0/OS-CREDENTIAL/credentials/:access_key',
    action: 'iam:credentials:updateCredential',
    selfService: ({ params, principal }, { db }) => ownsKey(db, principal.userId, params.access_key),
    params: KeyParams,
    body: Type.Object({
      credential: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
        description: Type.Optional(Type.String({ maxLength: 255 })),
      }),
    }),
    response: {
      status: 200,
      schema: Type.Object({ credential: Type.Object({ access: Type.String(), status: Type.String(), description: Type.String() }) }),
    },
    handler: async ({ params, body, principal }, { db }) => {
      const key = await getKey(db, principal!.domainId, params.access_key)
      const changed = { status: body.credential.status ?? key.status, description: body.credential.description ?? key.description }
      await db.updateTable('access_keys').set(changed).where('access_key', '=', key.access_key).execute()
      return { credential: { access: key.access_key, ...changed } }
    },
  }),
  defineOperation({
    name: 'DeletePermanentAccessKey',
    summary: 'Deletes an access key; requests signed with it fail at once',
    method: 'DELETE',
    path: '/v3.0/OS-CREDENTIAL/credentials/:access_key',
    action: 'iam:credentials:deleteCredential',
    selfService: ({ params, principal }, { db }) => ownsKey(db, principal.userId, params.access_key),
    params: KeyParams,
    response: { status: 204 },
    handler: async ({ params, principal }, { db }) => {
      const key = await getKey(db, principal!.domainId, params.access_key)
      await db.deleteFrom('access_keys').where('access_key', '=', key.access_key).execute()
    },
  }),
]
