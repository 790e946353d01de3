import type { CompiledQuery } from 'kysely'
import { generationQuery } from '../../store/cache-generations.js'
import type { Db } from '../../store/database.js'

/** Entries one cache holds at most; beyond, it starts again empty (a new generation does the same). */
const MAX_ENTRIES = 10_000

/**
 * A cache of what authentication and policy evaluation read on every request, valid for one generation
 * of the identity tables (migration 0021: the database increments it on every change to keys, users,
 * accounts, projects, groups, policies and grants, and on every token revocation, whichever process
 * writes; a state import or reset moves it on too). Each use reads the generation first (one small
 * indexed read instead of the joins it saves) and starts again empty when it moved, so a change applies
 * to the next request on every process.
 */
export class IdentityCache<V> {
  private readonly entries = new Map<string, V>()
  private generation: number | undefined
  /** Built and compiled once: it runs on every request, and building a query costs as much as running this one. */
  private readonly generationQuery: CompiledQuery<{ generation: number }>

  constructor(private readonly db: Db) {
    this.generationQuery = generationQuery(db, 'identity')
  }

  /** The value cached under `key` in the current generation, else what `load` answers (kept unless undefined). */
  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const [{ generation }] = (await this.db.executeQuery(this.generationQuery)).rows
    if (generation !== this.generation) {
      this.entries.clear()
      this.generation = generation
    }
    const cached = this.entries.get(key)
    if (cached !== undefined) return cached
    const value = await load()
    if (value === undefined) return value
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear()
    // Kept under the generation read before loading: a change committed meanwhile moved it, and the next
    // use starts again without this value.
    if (this.generation === generation) this.entries.set(key, value)
    return value
  }
}
