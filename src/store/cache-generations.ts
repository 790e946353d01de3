import { sql, type CompiledQuery } from 'kysely'
import type { Db } from './database.js'

/**
 * Each process caches what it reads on every request (identity: services/iam/identity-cache.ts; list items:
 * platform/item-cache.ts). The database keeps one generation number per cache, which writers move on in
 * the writing transaction; a process compares it with the one its cache was filled at, so a change made by
 * any process reaches the next request everywhere. Generations are not state: a state document does not
 * hold them, and a state import or reset moves every one of them on (those tables are rewritten wholesale,
 * and rows may come back as they were at some earlier time).
 */
export interface CacheGenerationTables {
  cache_generations: { name: CacheName; generation: number }
}

/** `lists`: list items (migration 0020); `identity`: keys, users, accounts, policies, grants (0021). */
export type CacheName = 'lists' | 'identity'

/** What the database keeps for the caches alone, which the state leaves out: this table, and listed rows' revisions (0020). */
export const CACHE_TABLES = ['cache_generations'] as const
export const CACHE_COLUMNS = ['revision'] as const

/** The read of one cache's generation, compiled once: it runs on every request that uses the cache. */
export function generationQuery(db: Db, name: CacheName): CompiledQuery<{ generation: number }> {
  return db.selectFrom('cache_generations').select('generation').where('name', '=', name).compile()
}

/** One cache's generation as a value inside another query, read in the same statement (from one snapshot). */
export const generationValue = (name: CacheName) => sql<number>`(select generation from cache_generations where name = ${name})`

/** Every process's caches are stale, whatever they hold (inside the transaction that rewrites the state). */
export async function invalidateAllCaches(trx: Db): Promise<void> {
  await trx
    .updateTable('cache_generations')
    .set((eb) => ({ generation: eb('generation', '+', 1) }))
    .execute()
}
