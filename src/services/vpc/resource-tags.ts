import { sql } from 'kysely'
import type { Static } from 'typebox'
import type { AppContext } from '../../context.js'
import type { Db } from '../../store/database.js'
import { transaction } from '../../store/transaction.js'
import { VpcError } from './errors.js'
import { getSubnet } from './subnets.js'
import type { BatchTagsBody, ListByTagsBody } from './tag-schemas.js'
import { checkTags, ownerColumn, tagsOf, writeTags, type Tag, type TagOwner } from './tags.js'
import { getVpc } from './vpcs.js'

/**
 * The v2.0 tag API of VPCs and subnets: tags of one resource (batch and single writes, show), the
 * project's tags, and the project's resources filtered by tags. Each resource is the caller's project's
 * (VPC.0003 / VPC.0202 otherwise), so tags are isolated per project.
 */

const TABLES = { vpc: 'vpcs', subnet: 'subnets' } as const

async function checkOwner(db: Db, projectId: string, owner: TagOwner, id: string): Promise<void> {
  if (owner === 'vpc') await getVpc(db, projectId, id)
  else await getSubnet(db, projectId, id)
}

/**
 * `action: create` adds or overwrites (a repeated key in the request is refused); `action: delete`
 * removes each key, only where the value matches when one is given, and a missing tag is not an error
 * (Huawei: idempotent, and delete does not check the character set; the key must not be empty).
 */
export async function batchTags(projectId: string, owner: TagOwner, id: string, body: Static<typeof BatchTagsBody>, context: AppContext) {
  const { db, clock } = context
  await transaction(db, async (trx) => {
    await checkOwner(trx, projectId, owner, id)
    if (body.action === 'create') return writeTags(trx, projectId, owner, id, checkTags(body.tags), clock.now())
    for (const { key, value } of body.tags) {
      if (key === '') throw VpcError.TagInvalid('a tag key to delete cannot be empty')
      let q = trx.deleteFrom('vpc_resource_tags').where(ownerColumn(owner), '=', id).where('key', '=', key)
      if (value !== undefined && value !== '') q = q.where('value', '=', value)
      await q.execute()
    }
  })
}

export async function createTag(projectId: string, owner: TagOwner, id: string, tag: { key: string; value?: string }, context: AppContext) {
  await transaction(context.db, async (trx) => {
    await checkOwner(trx, projectId, owner, id)
    await writeTags(trx, projectId, owner, id, checkTags([tag]), context.clock.now())
  })
}

/** Deletes one key; a key the resource does not have is 404 (the provider's tag helper expects that). */
export async function deleteTag(projectId: string, owner: TagOwner, id: string, key: string, { db }: AppContext) {
  await transaction(db, async (trx) => {
    await checkOwner(trx, projectId, owner, id)
    const deleted = await trx.deleteFrom('vpc_resource_tags').where(ownerColumn(owner), '=', id).where('key', '=', key).executeTakeFirst()
    if (Number(deleted.numDeletedRows) === 0) throw VpcError.TagNotFound(key)
  })
}

export async function showTags(projectId: string, owner: TagOwner, id: string, { db }: AppContext): Promise<Tag[]> {
  await checkOwner(db, projectId, owner, id)
  return (await tagsOf(db, owner, [id])).get(id)!
}

/** Every key used on the project's resources of one kind, with the values it has, sorted. */
export async function projectTags(projectId: string, owner: TagOwner, { db }: AppContext) {
  const rows = await db
    .selectFrom('vpc_resource_tags')
    .select(['key', 'value'])
    .distinct()
    .where('project_id', '=', projectId)
    .where(ownerColumn(owner), 'is not', null)
    .orderBy('key')
    .orderBy('value')
    .execute()
  const byKey = new Map<string, string[]>()
  for (const { key, value } of rows) byKey.set(key, [...(byKey.get(key) ?? []), value])
  return [...byKey].map(([key, values]) => ({ key, values }))
}

/** Escapes LIKE's wildcards, so a name filter matches its text literally. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * The project's resources of one kind that have every tag key given, each with one of the values listed
 * for it (any value when none are), and whose name contains the `resource_name` match (case-insensitive:
 * linkplane's choice, Huawei calls it fuzzy). Oldest first; `offset`/`limit` (default 1000) page the
 * filter, `count` answers only the total.
 */
export async function resourcesByTags(projectId: string, owner: TagOwner, body: Static<typeof ListByTagsBody>, { db }: AppContext) {
  const table = TABLES[owner]
  const column = ownerColumn(owner)
  const keys = new Set<string>()
  for (const { key, values } of body.tags ?? []) {
    if (key === '') throw VpcError.TagInvalid('a tag key to filter by cannot be empty')
    if (keys.has(key)) throw VpcError.TagInvalid(`tag key ${key} is given twice`)
    if (new Set(values).size !== values.length) throw VpcError.TagInvalid(`tag key ${key} has a value twice`)
    keys.add(key)
  }
  let q = db.selectFrom(table).select(['id', 'name', 'created_at']).where('project_id', '=', projectId)
  for (const { key, values } of body.tags ?? []) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('vpc_resource_tags as t')
          .select(sql`1`.as('one'))
          .whereRef(`t.${column}`, '=', `${table}.id`)
          .where('t.key', '=', key)
          .$if(values.length > 0, (sub) => sub.where('t.value', 'in', values)),
      ),
    )
  }
  for (const { value } of body.matches ?? []) {
    q = q.where(sql<boolean>`lower(${sql.ref(`${table}.name`)}) like lower(${likeText(value)}) escape '\\'`)
  }
  const { total } = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow()
  if (body.action === 'count') return { resources: [], total_count: Number(total) }
  const rows = await q
    .orderBy(`${table}.created_at`)
    .orderBy(`${table}.id`)
    .limit(body.limit ?? 1000)
    .offset(body.offset ?? 0)
    .execute()
  const tags = await tagsOf(
    db,
    owner,
    rows.map((row) => row.id),
  )
  return {
    resources: rows.map((row) => ({ resource_id: row.id, resource_name: row.name, resource_detail: null, tags: tags.get(row.id)! })),
    total_count: Number(total),
  }
}
