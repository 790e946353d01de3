import type { Client } from './client'

/** Each list is read to its end, a page at a time, however the service pages. */
const PAGE = 1000
/** A guard against a server that never says "last page". */
const MAX_PAGES = 100

async function collect<C>(
  client: Client,
  url: (cursor: C | undefined) => string,
  read: (body: any) => { items: any[]; next: C | undefined },
): Promise<any[]> {
  const all: any[] = []
  let cursor: C | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const { items, next } = read((await client.get(url(cursor))).body)
    all.push(...items)
    if (next === undefined || items.length === 0) break
    cursor = next
  }
  return all
}

const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString()

/** VPC v1 and VPC peering: `limit` and `marker` (the last id already seen); a short page is the last. */
export const markerPages = (client: Client, path: string, key: string) =>
  collect<string>(
    client,
    (marker) => `${path}?${query({ limit: PAGE, marker })}`,
    (body) => {
      const items: any[] = body[key]
      return { items, next: items.length === PAGE ? items[items.length - 1].id : undefined }
    },
  )

/** ESW: `page_info.next_marker` is there while more follow. */
export const eswPages = (client: Client, path: string, key: string) =>
  collect<string>(
    client,
    (marker) => `${path}?${query({ limit: PAGE, marker })}`,
    (body) => ({ items: body[key], next: body.page_info?.next_marker }),
  )

/** EventGrid: `offset` and `limit`, with the `total`. */
export const offsetPages = (client: Client, path: string) => {
  let seen = 0
  return collect<number>(
    client,
    (offset) => `${path}?${query({ offset: offset ?? 0, limit: PAGE })}`,
    (body) => {
      seen += body.items.length
      return { items: body.items, next: seen < body.total ? seen : undefined }
    },
  )
}

/** Cloud Stream clusters: oldest first from `cursor` (the last cluster id seen), in the `payload` envelope. */
export const cursorPages = (client: Client, path: string) =>
  collect<number>(
    client,
    (cursor) => `${path}?${query({ order: 'asc', limit: PAGE, cursor })}`,
    (body) => {
      const clusters: any[] = body.payload.clusters
      return { items: clusters, next: clusters.length === PAGE ? clusters[clusters.length - 1].cluster_id : undefined }
    },
  )
