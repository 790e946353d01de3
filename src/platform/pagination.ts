import { sql, type SelectQueryBuilder } from 'kysely'

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
export async function keysetPage<R extends Keyset>(
  query: SelectQueryBuilder<any, any, R>,
  limit: number,
  after: Keyset | undefined,
  table?: string,
): Promise<{ items: R[]; more: boolean }> {
  const column = (name: string) => sql.ref(table ? `${table}.${name}` : name)
  let q = query
  if (after) q = q.where(sql<boolean>`(${column('created_at')}, ${column('id')}) > (${after.created_at}, ${after.id})`)
  const rows = await q.orderBy(column('created_at')).orderBy(column('id')).limit(limit + 1).execute()
  return { items: rows.slice(0, limit), more: rows.length > limit }
}

/** ESW and VPC v3 `page_info`: `previous_marker` is the page's first id, `next_marker` only when more remain. */
export function pageInfo(items: Array<{ id: string }>, more: boolean) {
  return {
    previous_marker: items[0]?.id ?? '',
    current_count: items.length,
    ...(more && items.length > 0 ? { next_marker: items[items.length - 1].id } : {}),
  }
}
