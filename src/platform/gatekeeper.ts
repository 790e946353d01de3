import type { Db } from '../store/database.js'
import { SignatureLockout, type LockoutLimits } from './auth/lockout.js'
import { RateLimiter } from './rate-limit.js'

/**
 * The gateway's defences, kept together for the routes: signature lockout and rate limits. Their state is
 * in the database, shared by every linkplane process on it.
 */
export class Gatekeeper {
  readonly lockout: SignatureLockout
  readonly rateLimiter: RateLimiter

  constructor(db: Db, requestsPerSecond: number, lockout?: LockoutLimits) {
    this.rateLimiter = new RateLimiter(db, requestsPerSecond)
    this.lockout = new SignatureLockout(db, lockout)
  }
}
