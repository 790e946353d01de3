import { sql, type SelectQueryBuilder } from 'kysely'
import Type from 'typebox'

/**
 * Marker/limit paging (VPC, ESW, peering): `marker` is the id of the last item already seen, and the page
 * continues after it. Lists are ordered by (created_at, id), oldest first, and paged by keyset, so a page
 * costs the same at any depth and however many rows the table holds.
 */
export interface Keyset {
  created_at: string
  id: string
}

/** `limit` omitted or 0 means the family's default page size. */
export const pageSize = (limit: number | undefined, fallback: number): number => (limit === undefined || limit === 0 ? fallback : limit)

/**
 * Runs `query` (already filtered) for one page after `after`. `table` qualifies the ordering columns when
 * the query joins. Returns one page and whether more rows follow it.
 */
export async function keysetPage<R extends { id: string }>(
  query: SelectQueryBuilder<any, any, R>,
  limit: number,
  after: Keyset | undefined,
  table?: string,
): Promise<{ items: R[]; more: boolean }> {
  const column = (name: string) => sql.ref(table ? `${table}.${name}` : name)
  let q = query
  if (after) q = q.where(sql<boolean>`(${column('created_at')}, ${column('id')}) > (${after.created_at}, ${after.id})`)
  const rows = await q
    .orderBy(column('created_at'))
    .orderBy(column('id'))
    .limit(limit + 1)
    .execute()
  return { items: rows.slice(0, limit), more: rows.length > limit }
}

/** The `page_info` of ESW and VPC v3 lists. */
export const PageInfo = Type.Object({
  previous_marker: Type.String(),
  current_count: Type.Integer(),
  next_marker: Type.Optional(Type.String()),
})

/** ESW and VPC v3 `page_info`: `previous_marker` is the page's first id, `next_marker` only when more remain. */
export function pageInfo(items: Array<{ id: string }>, more: boolean) {
  return {
    previous_marker: items[0]?.id ?? '',
    current_count: items.length,
    ...(more && items.length > 0 ? { next_marker: items[items.length - 1].id } : {}),
  }
}

/**
 * Offset/limit paging with a client-chosen sort (EventGrid: `sort=name:DESC`, `offset`, `limit`). `sort`
 * is `field:ASC|DESC`; `fields` maps the accepted fields to their columns. Null when the text names an
 * unknown field or direction, so the service answers with its own code.
 */
export interface SortOrder {
  column: string
  direction: 'asc' | 'desc'
}

export function parseSort(text: string, fields: Record<string, string>): SortOrder | null {
  const match = /^([A-Za-z_]+):(ASC|DESC)$/i.exec(text)
  if (!match || !Object.hasOwn(fields, match[1])) return null
  return { column: fields[match[1]], direction: match[2].toLowerCase() as 'asc' | 'desc' }
}

/**
 * One page of `query` (already filtered) and how many rows match in all. `id` breaks ties in the same
 * direction as the sort, so a descending list is exactly the ascending one reversed.
 */
export async function offsetPage<R>(
  query: SelectQueryBuilder<any, any, R>,
  page: { offset: number; limit: number; sort: SortOrder },
): Promise<{ items: R[]; total: number }> {
  const counted = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirst()
  const { column, direction } = page.sort
  const items = await query
    .orderBy(sql.ref(column), direction)
    .orderBy(sql.ref('id'), direction)
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  return { items, total: Number((counted as { total?: unknown } | undefined)?.total ?? 0) }
}
