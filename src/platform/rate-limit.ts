import { sql } from 'kysely'
import type { Db } from '../store/database.js'

/**
 * Per-caller rate limiting (429 APIGW.0308), off unless configured: a token bucket per AK (or per user for
 * token callers) refilled at `perSecond`, holding at most one second's worth, so short bursts pass.
 *
 * The buckets live in the database (`rate_limit_buckets`), so the limit is one limit however many linkplane
 * processes share the database and whichever of them a caller reaches. Taking a token is a single upsert
 * (refill, then take one if there is one), atomic on both engines.
 */
export class RateLimiter {
  constructor(
    private readonly db: Db,
    private readonly perSecond: number,
  ) {}

  get enabled(): boolean {
    return this.perSecond > 0
  }

  /** Takes one request from the caller's bucket; false when it is empty. */
  async take(caller: string, now: Date): Promise<boolean> {
    if (!this.enabled) return true
    const at = now.getTime()
    const rate = this.perSecond
    // The bucket's level after refilling for the time since the last request, capped at one second's worth
    // (numbers typed explicitly: PostgreSQL would otherwise take them as the bigint column's type).
    const perMs = sql`cast(${rate / 1000} as double precision)`
    const cap = sql`cast(${rate} as double precision)`
    const level = sql`rate_limit_buckets.tokens + (${at} - rate_limit_buckets.refilled_at) * ${perMs}`
    const refilled = sql<number>`case when ${level} > ${cap} then ${cap} else ${level} end`
    const row = await this.db
      .insertInto('rate_limit_buckets')
      .values({ caller, tokens: rate >= 1 ? rate - 1 : rate, refilled_at: at, granted: rate >= 1 ? 1 : 0 })
      .onConflict((oc) =>
        oc.column('caller').doUpdateSet({
          // A token is taken only when there is a whole one; a refused request still records the refill.
          tokens: sql`case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end`,
          granted: sql`case when ${refilled} >= 1 then 1 else 0 end`,
          refilled_at: at,
        }),
      )
      .returning('granted')
      .executeTakeFirstOrThrow()
    return row.granted === 1
  }
}
