import { keysetPage, pageInfo, pageSize, type Keyset } from '../../platform/pagination.js'
import type { SelectQueryBuilder } from 'kysely'
import { EswError } from './errors.js'

/** ESW lists answer at most this many items when no limit (or 0) is given. */
export const DEFAULT_LIMIT = 2000

/**
 * One page of an ESW list: oldest first by (created_at, id), continuing after the `marker` row, with
 * Huawei's `page_info`. `markerRow` finds the marker among the rows the caller may list; an id that is not
 * there is refused (l2cg.9900) rather than silently restarting from the first page.
 */
export async function eswPage<R extends { id: string }>(
  query: SelectQueryBuilder<any, any, R>,
  paging: { limit?: number; marker?: string },
  markerRow: (id: string) => Promise<Keyset | undefined>,
) {
  let after: Keyset | undefined
  if (paging.marker) {
    after = await markerRow(paging.marker)
    if (!after) throw EswError.InvalidRequest(`marker ${paging.marker} is not an item of this list`)
  }
  const { items, more } = await keysetPage(query, pageSize(paging.limit, DEFAULT_LIMIT), after)
  return { items, more, page_info: pageInfo(items, more) }
}
