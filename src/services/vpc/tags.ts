import { toStored } from '../../platform/time.js'
import type { Db } from '../../store/database.js'
import { holdLocks } from '../../store/locks.js'
import { VpcError } from './errors.js'

/**
 * Tags of VPCs and subnets: their rules and their storage (table `vpc_resource_tags`, removed by the
 * database with the resource). The tag API itself is in resource-tags.ts.
 */

export type TagOwner = 'vpc' | 'subnet'
export interface Tag {
  key: string
  value: string
}

/** At most this many tags on one resource (Huawei's documented limit). */
export const MAX_TAGS_PER_RESOURCE = 20

/**
 * Huawei's rules for the v2.0 tag API, applied to every tag written (v1 and v3 creates too): a key of 1 to
 * 128 letters, digits, `_`, `-` or CJK characters; a value of up to 255 of those or `.`.
 */
const KEY = /^[A-Za-z0-9_\-\u4e00-\u9fa5]{1,128}$/
const VALUE = /^[A-Za-z0-9_.\-\u4e00-\u9fa5]{0,255}$/

export const ownerColumn = (owner: TagOwner) => (owner === 'vpc' ? 'vpc_id' : 'subnet_id')

/** Tags to write: each valid, no key twice (Huawei refuses a request that repeats a key). */
export function checkTags(tags: Array<{ key: string; value?: string }>): Tag[] {
  const keys = new Set<string>()
  return tags.map(({ key, value = '' }) => {
    if (!KEY.test(key)) throw VpcError.TagInvalid(`tag key '${key}' must be 1-128 letters, digits, '_', '-' or Chinese characters`)
    if (!VALUE.test(value)) {
      throw VpcError.TagInvalid(`tag value '${value}' must be at most 255 letters, digits, '_', '.', '-' or Chinese characters`)
    }
    if (keys.has(key)) throw VpcError.TagInvalid(`tag key ${key} is given twice`)
    keys.add(key)
    return { key, value }
  })
}

/** v1 creates give tags as `key*value` strings. */
export function parseStarTags(texts: string[]): Tag[] {
  return checkTags(
    texts.map((text) => {
      const star = text.indexOf('*')
      if (star < 0) throw VpcError.TagInvalid(`tag '${text}' is not in the form key*value`)
      return { key: text.slice(0, star), value: text.slice(star + 1) }
    }),
  )
}

/**
 * Adds tags to a resource inside the caller's transaction; a key it already has takes the new value
 * (Huawei: creating an existing key overwrites its value). The resource then has at most 20 tags.
 */
export async function writeTags(trx: Db, projectId: string, owner: TagOwner, id: string, tags: Tag[], now: Date): Promise<void> {
  if (tags.length === 0) return
  // One writer of a resource's tags at a time, in every process: the count below sees every tag.
  await holdLocks(trx, `${owner}.tags:${id}`)
  const column = ownerColumn(owner)
  const createdAt = toStored(now)
  for (const tag of tags) {
    await trx
      .insertInto('vpc_resource_tags')
      .values({ project_id: projectId, vpc_id: null, subnet_id: null, [column]: id, key: tag.key, value: tag.value, created_at: createdAt })
      .onConflict((conflict) => conflict.columns([column, 'key']).doUpdateSet({ value: tag.value }))
      .execute()
  }
  const { count } = await trx
    .selectFrom('vpc_resource_tags')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where(column, '=', id)
    .executeTakeFirstOrThrow()
  if (Number(count) > MAX_TAGS_PER_RESOURCE) throw VpcError.TooManyTags(id, MAX_TAGS_PER_RESOURCE)
}

/** The tags of each resource, by key. */
export async function tagsOf(db: Db, owner: TagOwner, ids: string[]): Promise<Map<string, Tag[]>> {
  const result = new Map<string, Tag[]>(ids.map((id) => [id, []]))
  if (ids.length === 0) return result
  const column = ownerColumn(owner)
  const rows = await db.selectFrom('vpc_resource_tags').select([column, 'key', 'value']).where(column, 'in', ids).orderBy('key').execute()
  for (const row of rows) result.get((row as Record<string, string>)[column])!.push({ key: row.key, value: row.value })
  return result
}
