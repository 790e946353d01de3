import { sql } from 'kysely'
import type { Db } from '../../store/database.js'
import { prepared } from '../../store/prepared.js'

/**
 * The gateway's defence against guessing an SK: after `maxFailures` failed signatures in a row, an AK is
 * locked for `lockSeconds`, during which even correctly signed requests are refused; a good signature resets
 * the count. Huawei documents 5 failures and 5 minutes, the defaults.
 *
 * Counted per access key *and client address*: an AK is not a secret (it travels in every Authorization
 * header), so a count per AK alone would let anyone who saw one lock its owner out from anywhere.
 *
 * The counts live in the database (`signature_failures`), so every linkplane process on one database
 * counts the same failures and honours the same locks. Only keys that exist are tracked (random AKs cannot
 * grow the table), and rows whose last failure is older than a lock are swept as new failures arrive.
 */
export interface LockoutLimits {
  /** Failed signatures in a row that lock the (AK, address) pair; 0 turns the lockout off. */
  maxFailures: number
  lockSeconds: number
}

export const HUAWEI_LOCKOUT: LockoutLimits = { maxFailures: 5, lockSeconds: 300 }

const lockOf = prepared((db, v: { accessKey: string; address: string }) =>
  db.selectFrom('signature_failures').select('locked_until').where('access_key', '=', v.accessKey).where('address', '=', v.address),
)

export class SignatureLockout {
  constructor(
    private readonly db: Db,
    readonly limits: LockoutLimits = HUAWEI_LOCKOUT,
  ) {}

  async isLocked(accessKey: string, address: string, now: Date): Promise<boolean> {
    return (await this.check(accessKey, address, now)).locked
  }

  /**
   * Whether the pair is locked, and whether failures are being counted for it: a good signature then resets
   * the count (`succeeded`); most requests have no count, and cost one indexed read and no write.
   */
  async check(accessKey: string, address: string, now: Date): Promise<{ locked: boolean; counting: boolean }> {
    const row = await lockOf.first(this.db, { accessKey, address })
    if (!row) return { locked: false, counting: false }
    if (row.locked_until === 0) return { locked: false, counting: true }
    if (row.locked_until > now.getTime()) return { locked: true, counting: true }
    // The lock ran out: a fresh count (unless another process has started one already).
    await this.forget(accessKey, address, row.locked_until)
    return { locked: false, counting: false }
  }

  /** Counts a failure in one statement, so failures arriving together, at any process, all count. */
  async failed(accessKey: string, address: string, now: Date): Promise<void> {
    const { maxFailures, lockSeconds } = this.limits
    if (maxFailures <= 0) return
    const at = now.getTime()
    const lockedUntil = at + lockSeconds * 1000
    await this.db
      .insertInto('signature_failures')
      .values({ access_key: accessKey, address, failures: 1, locked_until: maxFailures <= 1 ? lockedUntil : 0, last_failure: at })
      .onConflict((oc) =>
        oc.columns(['access_key', 'address']).doUpdateSet({
          failures: sql`signature_failures.failures + 1`,
          locked_until: sql`case when signature_failures.failures + 1 >= ${maxFailures} then ${lockedUntil} else signature_failures.locked_until end`,
          last_failure: at,
        }),
      )
      .execute()
    await this.db
      .deleteFrom('signature_failures')
      .where('last_failure', '<', at - lockSeconds * 1000)
      .where('locked_until', '<=', at)
      .execute()
  }

  async succeeded(accessKey: string, address: string): Promise<void> {
    await this.forget(accessKey, address)
  }

  private async forget(accessKey: string, address: string, lockedUntil?: number): Promise<void> {
    let q = this.db.deleteFrom('signature_failures').where('access_key', '=', accessKey).where('address', '=', address)
    if (lockedUntil !== undefined) q = q.where('locked_until', '=', lockedUntil)
    await q.execute()
  }
}
