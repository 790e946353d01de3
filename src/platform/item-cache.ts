import { sql, type Generated } from 'kysely'
import type { Static, TSchema } from 'typebox'
import { generationValue } from '../store/cache-generations.js'
import { SerialisedJson, schemaSerialiser, type Serialise } from './serialise.js'

/**
 * The `revision` column of a listed table (migration 0020): the database increments it on every UPDATE of
 * the row, whoever writes it, in whichever process.
 */
export interface Revisioned {
  revision: Generated<number>
}

/**
 * A listed row's version, for a page's keys query to select beside the id: the `lists` generation and the
 * row's revision, read in one statement. A state import or reset moves the generation on, as the rows it
 * writes may come back with revisions they had before. One integer (the generation in the high bits): a
 * number costs less to hand from SQLite to JavaScript than a text (PostgreSQL's driver hands a bigint over
 * as its digits, which compare as well). Exact while the generation stays under 2^21 (state imports and
 * resets of one database: two million).
 */
export const itemVersion = sql<number | string>`${generationValue('lists')} * 4294967296 + revision`.as('version')

/** A page's item: its id, and a version that changes whenever its JSON may (the row's revision, at least). */
export interface ItemKey {
  id: string
  version: string | number
}

/** An item kept: its JSON at `version`, and whether a page used it since the clock's hand last passed. */
interface CacheEntry {
  version: string | number
  json: Buffer
  used: boolean
}

/** Megabytes of JSON one cache keeps unless its database's server says otherwise (LINKPLANE_LIST_CACHE_MB). */
export const DEFAULT_LIST_CACHE_MB = 8
const DEFAULT_MAX_BYTES = DEFAULT_LIST_CACHE_MB * 1024 * 1024
/** Ids of items a full cache passed over once, remembered until there are this many (see admits). */
const SEEN_ONCE = 1_024

const OPEN = Buffer.from('[')
const COMMA = Buffer.from(',')
const CLOSE = Buffer.from(']')

/**
 * List items serialised once, with the item schema of the operation's declaration, and kept by id and
 * version. A list page reads only its items' keys (through a covering index), takes the JSON of the items
 * whose version it holds, and loads and serialises only the others. Keys come from the database on every
 * page, so a change made by any process is seen on the next page. Memory is bounded: when full, the oldest
 * items go first, unless used since they were last passed over (the "second chance" of a clock cache), and
 * an item comes in only when it is asked for again (see admits).
 */
export class ItemCache<S extends TSchema> {
  private readonly serialise: Serialise
  private readonly entries = new Map<string, CacheEntry>()
  private bytes = 0
  private readonly seenOnce = new Set<string>()

  constructor(
    itemSchema: S,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {
    this.serialise = schemaSerialiser(itemSchema)
  }

  /**
   * The items of `keys`, in their order, as one serialised JSON array; `load` answers the views of the
   * items not cached at their version. An item `load` no longer finds (deleted meanwhile) is left out:
   * `ids` says which items the array holds. The array is typed as the items it serialises: a handler
   * returns it in place of the items, and the route's serialiser writes it as it is.
   */
  async list(
    keys: ItemKey[],
    load: (ids: string[]) => Promise<Array<Static<S> & { id: string }>>,
  ): Promise<{ items: Array<Static<S>>; ids: string[] }> {
    const texts: Array<Buffer | undefined> = new Array(keys.length)
    const missing: number[] = []
    for (let i = 0; i < keys.length; i++) {
      const entry = this.entries.get(keys[i].id)
      if (entry !== undefined && entry.version === keys[i].version) {
        entry.used = true
        texts[i] = entry.json
      } else missing.push(i)
    }
    if (missing.length > 0) {
      const views = new Map((await load(missing.map((i) => keys[i].id))).map((view) => [view.id, view]))
      for (const i of missing) {
        const view = views.get(keys[i].id)
        if (view === undefined) continue
        const json = this.serialise(view)
        texts[i] = this.admits(keys[i].id) ? this.keep(keys[i], utf8(json)) : Buffer.from(json)
      }
    }
    const ids: string[] = []
    const pieces: Buffer[] = [OPEN]
    for (let i = 0; i < keys.length; i++) {
      if (texts[i] === undefined) continue
      if (ids.length > 0) pieces.push(COMMA)
      ids.push(keys[i].id)
      pieces.push(texts[i]!)
    }
    pieces.push(CLOSE)
    const items = new SerialisedJson(pieces)
    return { items: items as unknown as Array<Static<S>>, ids }
  }

  /**
   * Whether a missed item is kept: always while there is room, or when it is a new version of a kept one;
   * once full, only an item missed before, among the last SEEN_ONCE passed over (the "doorkeeper" of
   * TinyLFU). Pages read once, such as random pages of a long list, then leave the cache as it is, instead
   * of replacing its items with others read once: each replaced item is garbage for the collector to find
   * (see bench/README.md, peak memory).
   */
  private admits(id: string): boolean {
    if (this.maxBytes === 0) return false
    if (this.bytes < this.maxBytes || this.entries.has(id) || this.seenOnce.delete(id)) return true
    if (this.seenOnce.size >= SEEN_ONCE) this.seenOnce.clear()
    this.seenOnce.add(id)
    return false
  }

  private keep(key: ItemKey, json: Buffer): Buffer {
    const previous = this.entries.get(key.id)
    if (previous !== undefined) {
      this.bytes -= previous.json.length
      this.entries.delete(key.id)
    }
    this.entries.set(key.id, { version: key.version, json, used: false })
    this.bytes += json.length
    while (this.bytes > this.maxBytes) {
      const next = this.hand.next()
      if (next.done) {
        this.hand = this.entries.entries()
        continue
      }
      const [id, entry] = next.value
      this.entries.delete(id)
      if (entry.used) {
        entry.used = false
        this.entries.set(id, entry) // its second chance: to the back of the line
      } else this.bytes -= entry.json.length
    }
    return json
  }

  /**
   * The clock's hand: eviction goes on from where it stopped. A Map keeps the places of deleted entries
   * until it is next resized, so iterating from the start again at each eviction walked over every entry
   * evicted before (6% of a cold page's CPU, with 100,000 subnets listed at random).
   */
  private hand: Iterator<[string, CacheEntry]> = this.entries.entries()
}

/**
 * An item's JSON, kept as UTF-8 (pages send it as it is, without encoding it again) in memory of its own.
 * Buffer.from would cut a small text from an 8 KB slab shared with the next allocations, and one kept item
 * would keep its whole slab alive: a cache of 8 MB of items, evicted at random, held 60 MB of slabs.
 */
function utf8(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text))
  bytes.write(text)
  return bytes
}

/** The size of each item cache of a database, as its server is configured (sizeItemCaches). */
const cacheBytes = new WeakMap<object, number>()

/** Each list of `db` keeps `megabytes` of items (0: none); set before its first page. */
export function sizeItemCaches(db: object, megabytes: number): void {
  cacheBytes.set(db, Math.round(megabytes * 1024 * 1024))
}

/**
 * One ItemCache of `itemSchema` per database: ids and revisions are a database's own, and a process may
 * open several (tests, tools).
 */
export function itemCaches<S extends TSchema>(itemSchema: S): (db: object) => ItemCache<S> {
  const caches = new WeakMap<object, ItemCache<S>>()
  return (db) => {
    let cache = caches.get(db)
    if (cache === undefined) caches.set(db, (cache = new ItemCache(itemSchema, cacheBytes.get(db))))
    return cache
  }
}
